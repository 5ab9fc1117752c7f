// Two runs' steps paired for comparison: the longest common sequence of step names, in execution order, so
// a step one run added or dropped does not shift every pair after it.
import type { Step } from '../../api/types';

export interface StepPair {
  name: string;
  a?: Step;
  b?: Step;
}

export function alignSteps(a: Step[], b: Step[]): StepPair[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the common sequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i]!.model_name === b[j]!.model_name ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const pairs: StepPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const x = a[i];
    const y = b[j];
    if (x && y && x.model_name === y.model_name) {
      pairs.push({ name: x.model_name, a: x, b: y });
      i++;
      j++;
    } else if (x && (!y || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      pairs.push({ name: x.model_name, a: x });
      i++;
    } else if (y) {
      pairs.push({ name: y.model_name, b: y });
      j++;
    }
  }
  return pairs;
}

/** JSON with object keys sorted: two values are the same when their canonical texts are. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  ) ?? 'undefined';
}

export const same = (x: unknown, y: unknown) => canonical(x) === canonical(y);

export type Aspect = 'status' | 'params' | 'inputs' | 'outputs' | 'timing';

/** What differs between the two steps of a pair; a step only one run has differs in everything. */
export function differences(pair: StepPair): Aspect[] {
  const { a, b } = pair;
  if (!a || !b) return ['status', 'params', 'inputs', 'outputs', 'timing'];
  const out: Aspect[] = [];
  if (a.status !== b.status) out.push('status');
  if (!same(a.model_params, b.model_params)) out.push('params');
  if (!same(a.inputs, b.inputs)) out.push('inputs');
  if (!same(a.outputs, b.outputs)) out.push('outputs');
  if (a.elapsed_time !== b.elapsed_time) out.push('timing');
  return out;
}
