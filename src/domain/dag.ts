// The dependency graph of a project's models: cycle detection, tiers and dbt-style selection.
import { Errors, fail } from './errors.js';

export interface DagNode {
  name: string;
  depends_on: readonly string[];
}

/** A cycle as a path that returns to its start (a → b → a), or undefined when the graph is acyclic. */
export function findCycle(nodes: readonly DagNode[]): string[] | undefined {
  const deps = new Map(nodes.map((n) => [n.name, n.depends_on]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const dep of deps.get(name) ?? []) {
      if (!deps.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const node of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const cycle = visit(node.name);
    if (cycle) return cycle;
  }
  return undefined;
}

export function assertAcyclic(nodes: readonly DagNode[]): void {
  const cycle = findCycle(nodes);
  if (cycle) fail(Errors.modelCycle, `models would form a cycle: ${cycle.join(' → ')}`);
}

/** Tier 0 holds models with no dependency among `nodes`; tier n those whose deepest dependency is in n-1. */
export function tiers(nodes: readonly DagNode[]): string[][] {
  assertAcyclic(nodes);
  const names = new Set(nodes.map((n) => n.name));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const tierOf = new Map<string, number>();
  const compute = (name: string): number => {
    const known = tierOf.get(name);
    if (known !== undefined) return known;
    const inside = (byName.get(name)?.depends_on ?? []).filter((d) => names.has(d) && d !== name);
    const tier = inside.length === 0 ? 0 : Math.max(...inside.map(compute)) + 1;
    tierOf.set(name, tier);
    return tier;
  };
  const result: string[][] = [];
  for (const name of [...names].sort()) (result[compute(name)] ??= []).push(name);
  return result.map((tier) => tier.sort());
}

function closure(start: string, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const n of next(queue.shift()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** A model as selectors see it: `name` is qualified (`project.model`), dependencies too. */
export interface SelectableModel extends DagNode {
  project: string;
  model: string;
  tags: readonly string[];
}

/**
 * The Data Platform's selectors, each entry of model_names a comma-separated union of: `*` (everything),
 * `name` or `project.name`, `+name` (with everything upstream), `name+` (with everything downstream),
 * `+name+`, `tag:x`, `project:x` and `state:modified` (the models in `modified`). A name that is no model is
 * refused, as the platform refuses it; an empty or absent list selects every model.
 */
export function selectModels(
  nodes: readonly SelectableModel[],
  selectors: readonly string[] | undefined,
  modified: ReadonlySet<string> = new Set(),
): Set<string> {
  const all = new Set(nodes.map((n) => n.name));
  const parts = (selectors ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return all;
  const upstream = new Map(nodes.map((n) => [n.name, n.depends_on.filter((d) => all.has(d))]));
  const downstream = new Map<string, string[]>();
  for (const n of nodes) for (const d of upstream.get(n.name)!) (downstream.get(d) ?? downstream.set(d, []).get(d)!).push(n.name);
  const find = (name: string) =>
    (all.has(name) ? name : nodes.find((n) => n.model === name)?.name) ?? fail(Errors.validation, `model_names: model "${name}" not found`);

  const selected = new Set<string>();
  const add = (names: Iterable<string>) => {
    for (const n of names) selected.add(n);
  };
  for (const part of parts) {
    if (part === '*') add(all);
    else if (part.startsWith('tag:')) add(nodes.filter((n) => n.tags.includes(part.slice(4))).map((n) => n.name));
    else if (part.startsWith('project:')) add(nodes.filter((n) => n.project === part.slice(8)).map((n) => n.name));
    else if (part === 'state:modified') add([...modified].filter((n) => all.has(n)));
    else {
      const name = find(part.replace(/^\+|\+$/g, ''));
      selected.add(name);
      if (part.startsWith('+')) add(closure(name, (m) => upstream.get(m) ?? []));
      if (part.endsWith('+')) add(closure(name, (m) => downstream.get(m) ?? []));
    }
  }
  return selected;
}

/** Whether selecting needs every model compiled first (to compare compiled hashes). */
export function selectsModifiedState(selectors: readonly string[] | undefined): boolean {
  return (selectors ?? []).some((s) => s.split(',').some((p) => p.trim() === 'state:modified'));
}
