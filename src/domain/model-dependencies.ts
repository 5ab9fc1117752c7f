// Which models a model depends on. A model stores what its SQL names (ref() targets, sources, the tables its
// parsed SQL reads); which of those are models is decided against the models that exist when asked, so a
// model created before one it reads still gets its dependency once that model exists.
import type { DagNode } from './dag.js';

export const SOURCE_PREFIX = 'source:';

export interface ModelKey {
  project_name: string;
  name: string;
}

export interface StoredModelDeps extends ModelKey {
  /** `project.name` (a ref()), `source:s.t`, or a table as the SQL names it: `name` or `schema.name`. */
  depends_on: readonly string[];
}

export const qualifiedName = (m: ModelKey) => `${m.project_name}.${m.name}`;

/** The models that exist, to resolve names against. Neither project nor model names contain ".". */
export class ModelIndex {
  private readonly qualified: Set<string>;
  private readonly byName = new Map<string, string[]>();

  constructor(models: readonly ModelKey[]) {
    this.qualified = new Set(models.map(qualifiedName));
    for (const m of models) (this.byName.get(m.name) ?? this.byName.set(m.name, []).get(m.name)!).push(qualifiedName(m));
  }

  has(qualified: string): boolean {
    return this.qualified.has(qualified);
  }

  /**
   * What one stored reference of a model of `project` means now: a source stays a source; `a.b` is model b of
   * project a, if there is one; a bare `b` is b of the model's own project, else the one model named b in
   * any project (as the platform resolves it). Anything else is a table no model builds.
   */
  resolve(reference: string, project: string): string | undefined {
    if (reference.startsWith(SOURCE_PREFIX)) return reference;
    if (reference.includes('.')) return this.qualified.has(reference) ? reference : undefined;
    const own = `${project}.${reference}`;
    if (this.qualified.has(own)) return own;
    const elsewhere = this.byName.get(reference);
    return elsewhere?.length === 1 ? elsewhere[0] : undefined;
  }

  /** A model's dependencies as the API shows them: sorted, unique, never the model itself. */
  dependenciesOf(model: StoredModelDeps): string[] {
    const self = qualifiedName(model);
    const resolved = model.depends_on.map((r) => this.resolve(r, model.project_name)).filter((d): d is string => d !== undefined && d !== self);
    return [...new Set(resolved)].sort();
  }
}

/** The graph of `models`, named `project.name`; edges only between them (sources and other models drop out). */
export function modelGraph(models: readonly StoredModelDeps[], index = new ModelIndex(models)): DagNode[] {
  return models.map((m) => ({ name: qualifiedName(m), depends_on: index.dependenciesOf(m).filter((d) => index.has(d)) }));
}
