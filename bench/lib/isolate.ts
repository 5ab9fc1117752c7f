// Runs each store's measurement in a fresh process, so one store's heap (the embedded database lives
// in-process and keeps its memory after closing) does not inflate the next store's RSS or GC pauses.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { loadAverageNote } from './stats.js';
import { startBenchServer, storesToRun, type BenchServer, type StoreKind } from './stores.js';

const RESULT_PREFIX = 'BENCH_RESULT ';

/** The store this process should measure, when it was started by runIsolated. */
export function isolatedStore(): StoreKind | undefined {
  const kind = process.env.BENCH_STORE;
  if (kind === undefined || kind === '') return undefined;
  if (kind !== 'embedded' && kind !== 'postgres') throw new Error(`BENCH_STORE must be embedded or postgres, got "${kind}"`);
  return kind;
}

/** Called by the isolated process to hand its figures back to the parent. */
export function reportResult(result: unknown): void {
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

/** Starts `script` with BENCH_STORE=kind, echoes its output and returns the result it reported. */
export async function runIsolated<T>(script: string, kind: StoreKind): Promise<T> {
  const child = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, BENCH_STORE: kind },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: T | undefined;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
    else console.log(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0 || result === undefined) throw new Error(`${kind} benchmark failed (exit code ${code})`);
  return result;
}

/**
 * The whole life of a benchmark script: started plainly, it re-runs itself once per store in a fresh
 * process and prints the rows; started by that (BENCH_STORE set), it measures its one store and reports.
 */
export async function benchEachStore<Row>(options: {
  name: string;
  script: string;
  measure: (server: BenchServer, rssStartMb: number) => Promise<Row>;
  print: (rows: Row[]) => void;
}): Promise<void> {
  const only = isolatedStore();
  if (only) {
    const server = await startBenchServer(only);
    const rssStartMb = process.memoryUsage().rss / 2 ** 20;
    try {
      reportResult(await options.measure(server, rssStartMb));
    } finally {
      await server.stop();
    }
    return;
  }
  console.log(`${options.name} — ${await loadAverageNote()}`);
  const rows: Row[] = [];
  for (const kind of await storesToRun()) rows.push(await runIsolated<Row>(options.script, kind));
  options.print(rows);
  console.log(`finished — ${await loadAverageNote()}`);
}
