// Compiles one model for a triggered run: renders its template, parses what it renders with DuckDB's
// parser, and finds what it depends on: the models and sources its ref() and source() calls name, and the
// models its SQL reads by name.
import { parseSelect, type ParsedSql } from './sql-ast.js';
import { renderModel, type RenderedModel, type TemplateContext } from './template.js';
import { tableRef } from './warehouse.js';

export interface ModelToCompile {
  project: string;
  name: string;
  sql: string;
  materialization: string;
}

/** What every model of one run compiles against. */
export interface CompileScope extends Pick<TemplateContext, 'relations' | 'sources' | 'vars' | 'macros'> {
  targetSchema: string;
  /** Every model, qualified. */
  models: ReadonlySet<string>;
  /** Qualified names of every model, by bare name. */
  modelsByName: ReadonlyMap<string, readonly string[]>;
}

export interface CompiledModel {
  /** Qualified `project.name`. */
  name: string;
  parsed: ParsedSql;
  /** Qualified models and `source:s.t`, sorted, itself left out. */
  depends_on: string[];
  vars_used: string[];
  /** Macros the template called, and known macros its SQL calls directly. */
  macros_used: string[];
  warnings: string[];
}

// SQL with no template tag renders to itself: no trip to the render thread.
const TEMPLATE_TAG = /\{[{%#]/;

function plainSql(sql: string): RenderedModel {
  return { sql: sql.trim(), refs: [], sources: [], varsUsed: [], macrosUsed: [], config: {}, missingVars: [], warnings: [] };
}

/**
 * Models a query reads by name, as the Data Platform resolves them: `project.name` as written; a bare name
 * (or one in the project's or the run's schema) as the project's model, else as the one model of that name.
 */
function tableDependencies(parsed: ParsedSql, project: string, scope: CompileScope): string[] {
  const isModel = (qualified: string) => scope.models.has(qualified);
  return parsed.tables.flatMap((t) => {
    const own = `${project}.${t.name}`;
    if (t.schema === '') {
      const anywhere = scope.modelsByName.get(t.name) ?? [];
      return isModel(own) ? [own] : anywhere.length === 1 ? [anywhere[0]!] : [];
    }
    if (t.schema === project || t.schema === scope.targetSchema) return isModel(own) ? [own] : [];
    return isModel(`${t.schema}.${t.name}`) ? [`${t.schema}.${t.name}`] : [];
  });
}

const sortedUnique = (names: Iterable<string>) => [...new Set(names)].sort();

export async function compileModel(model: ModelToCompile, scope: CompileScope, incremental: boolean): Promise<CompiledModel> {
  const name = `${model.project}.${model.name}`;
  const context: TemplateContext = {
    project: model.project,
    model: model.name,
    materialization: model.materialization,
    incremental,
    thisRelation: tableRef(model.project, scope.targetSchema, model.name),
    relations: scope.relations,
    sources: scope.sources,
    vars: scope.vars,
    macros: scope.macros,
  };
  const rendered = TEMPLATE_TAG.test(model.sql) ? await renderModel(model.sql, context) : plainSql(model.sql);
  const parsed = await parseSelect(rendered.sql, `model ${name}`);
  const known = new Set(scope.macros);
  const depends = [...rendered.refs, ...rendered.sources.map((s) => `source:${s}`), ...tableDependencies(parsed, model.project, scope)];
  return {
    name,
    parsed,
    depends_on: sortedUnique(depends.filter((d) => d !== name)),
    vars_used: rendered.varsUsed,
    macros_used: sortedUnique([...rendered.macrosUsed, ...parsed.functions.filter((f) => known.has(f))]),
    warnings: rendered.warnings.map((w) => `${name}: ${w}`),
  };
}
