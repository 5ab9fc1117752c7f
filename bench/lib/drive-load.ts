// The part every load-generator child shares: run autocannon, collect each reply's latency and status,
// and write the LoadOutcome as JSON to stdout for the parent (see runLoadChild in load.ts).
import { performance } from 'node:perf_hooks';
import autocannon, { type Options } from 'autocannon';
import type { LoadOutcome } from './load.js';
import { summarise } from './stats.js';

/** Keeps the first failing reply (status and the start of its body) for the parent's error message. */
export type FailureRecorder = (status: number, body: string) => void;

export async function driveAndReport(options: (recordFailure: FailureRecorder) => Options): Promise<void> {
  let firstFailure: string | undefined;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon(
    options((status, body) => {
      if (status >= 300) firstFailure ??= `${status} ${body.slice(0, 800)}`;
    }),
  );
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const started = performance.now();
  const result = await instance;
  const outcome: LoadOutcome = {
    seconds: (performance.now() - started) / 1000,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    latency: summarise(latencies),
    ...(firstFailure ? { firstFailure } : {}),
  };
  process.stdout.write(JSON.stringify(outcome));
}
