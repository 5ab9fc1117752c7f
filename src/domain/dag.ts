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

/** dbt-style selectors: `name`, `+name` (and everything upstream), `name+` (and everything downstream). */
export function selectModels(nodes: readonly DagNode[], selectors: readonly string[] | undefined): Set<string> {
  const all = new Set(nodes.map((n) => n.name));
  if (!selectors || selectors.length === 0) return all;
  const upstream = new Map(nodes.map((n) => [n.name, n.depends_on.filter((d) => all.has(d))]));
  const downstream = new Map<string, string[]>();
  for (const n of nodes) for (const d of upstream.get(n.name)!) (downstream.get(d) ?? downstream.set(d, []).get(d)!).push(n.name);

  const selected = new Set<string>();
  for (const selector of selectors) {
    const name = selector.replace(/^\+|\+$/g, '');
    if (!all.has(name)) fail(Errors.validation, `model_names: no model "${name}" in this project`);
    selected.add(name);
    if (selector.startsWith('+')) closure(name, (m) => upstream.get(m) ?? []).forEach((m) => selected.add(m));
    if (selector.endsWith('+')) closure(name, (m) => downstream.get(m) ?? []).forEach((m) => selected.add(m));
  }
  return selected;
}
