// POST /model_run/register_complete under 32 concurrent connections, on the embedded store and on
// PostgreSQL. Usage: npm run bench:register (env: BENCH_SECONDS, BENCH_CONNECTIONS, DATABASE_URL).
import { fileURLToPath } from 'node:url';
import { countRuns } from '../src/store/runs.js';
import { clientHeaders } from './lib/http.js';
import { benchEachStore } from './lib/isolate.js';
import { assertAllOk, runLoad, type LoadOutcome } from './lib/load.js';
import { envInt, fmt, sampleRss } from './lib/stats.js';
import type { BenchServer, StoreKind } from './lib/stores.js';
import { buildRegisterWorld, recordBody } from './lib/world.js';

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 32);
/** Even, so that recordBody never makes a dataset both input and output of one run. */
const DATASETS = 200;
/** Distinct request bodies cycled through; more than enough that concurrent requests differ. */
const BODIES = 1000;

interface Row {
  store: StoreKind;
  outcome: LoadOutcome;
  recordsPerSecond: number;
  /** Records acknowledged with a 2xx inside the measured window. */
  records: number;
  rssPeakMb: number;
  rssEndMb: number;
  /** RSS once the server has started, before any data or load. */
  rssStartMb: number;
}

/**
 * The run count once the server has drained: requests still in flight when a load stops go on
 * committing, and counting before they finish would credit them to the next phase.
 */
async function settledRunCount(server: BenchServer): Promise<number> {
  let previous = -1;
  let count = await countRuns(server.ctx.db);
  while (count !== previous) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    previous = count;
    count = await countRuns(server.ctx.db);
  }
  return count;
}

async function measure(server: BenchServer, rssStartMb: number): Promise<Row> {
  const headers = await clientHeaders(server, 'writer');
  const started = Date.now();
  const world = await buildRegisterWorld(server, headers, DATASETS);
  console.log(`  [${server.kind}] registry world built in ${Date.now() - started} ms (${DATASETS} datasets)`);

  const bodies = Array.from({ length: BODIES }, (_, n) => JSON.stringify(recordBody(world, n)));
  const spec = {
    url: server.url,
    connections: CONNECTIONS,
    method: 'POST' as const,
    headers: { ...headers, 'content-type': 'application/json' },
    paths: ['/model_run/register_complete'],
    bodies,
    keepFailureBody: true,
  };
  // A warm-up lets the JIT, the pool and the database caches settle; its figures are discarded.
  assertAllOk(await runLoad({ ...spec, seconds: WARMUP_SECONDS }), `${server.kind} warm-up`);

  const before = await settledRunCount(server);
  const rss = sampleRss();
  const outcome = await runLoad({ ...spec, seconds: SECONDS });
  const memory = rss.stop();
  assertAllOk(outcome, `${server.kind} register_complete`);
  const stored = (await settledRunCount(server)) - before;
  // Every 2xx must be a stored run. A few more may be stored: requests in flight when the load generator
  // stopped still commit, but their replies are not counted (nor is their time in the throughput).
  if (stored < outcome.ok || stored > outcome.ok + CONNECTIONS) {
    throw new Error(`${server.kind}: ${outcome.ok} 2xx replies but ${stored} runs stored`);
  }
  return {
    store: server.kind,
    outcome,
    recordsPerSecond: outcome.ok / outcome.seconds,
    records: outcome.ok,
    rssPeakMb: memory.peakMb,
    rssEndMb: memory.lastMb,
    rssStartMb,
  };
}

function printRows(rows: Row[]): void {
  console.log(`\nregister_complete, ${CONNECTIONS} connections, ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up)`);
  console.log('| store | records/s | p50 ms | p99 ms | max ms | records | non-2xx | RSS at start MB | RSS peak MB | RSS at end MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const l = r.outcome.latency;
    console.log(
      `| ${r.store} | ${fmt(r.recordsPerSecond, 0)} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${r.records} | ` +
        `${r.outcome.non2xx} | ${fmt(r.rssStartMb, 0)} | ${fmt(r.rssPeakMb, 0)} | ${fmt(r.rssEndMb, 0)} |`,
    );
  }
  console.log(
    'RSS is the server process: each store is measured in a fresh process running the server in-process, ' +
      'with the load generator in a child process; for the embedded store it includes the database, for PostgreSQL it does not.',
  );
}

benchEachStore<Row>({ name: 'bench:register', script: fileURLToPath(import.meta.url), measure, print: printRows }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
