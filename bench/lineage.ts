// GET /explore/upstream at depth 10 on a layered graph of BENCH_RUNS runs (default 100,000), on
// PostgreSQL and on the embedded store. Usage: npm run bench:lineage
// (env: BENCH_RUNS, BENCH_EMBEDDED_RUNS, BENCH_SECONDS, DATABASE_URL).
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { countLineage } from '../src/store/lineage.js';
import { countRuns } from '../src/store/runs.js';
import { buildLayeredGraph, deepDatasetIds, graphShape, type GraphShape } from './lib/graph.js';
import { clientHeaders, expectStatus, requestJson } from './lib/http.js';
import { isolatedStore, reportResult, runIsolated } from './lib/isolate.js';
import { assertAllOk, runLoad, type LoadOutcome } from './lib/load.js';
import { envInt, fmt, loadAverageNote, sampleRss, summarise } from './lib/stats.js';
import { startBenchServer, storesToRun, type BenchServer, type StoreKind } from './lib/stores.js';

const RUNS = envInt('BENCH_RUNS', 100_000);
// The embedded store is a single-threaded in-process database; see BENCHMARKS.md for its build time.
const EMBEDDED_RUNS = envInt('BENCH_EMBEDDED_RUNS', RUNS);
const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = [1, 8];
const DEPTH = 10;
const STARTING_IDS = 1000;
const SAMPLES = 20;

interface Shape {
  records: { min: number; median: number; max: number };
  links: { min: number; median: number; max: number };
  truncated: number;
  kbMedian: number;
  sequentialMs: ReturnType<typeof summarise>;
}

interface Result {
  store: StoreKind;
  runs: number;
  nodes: number;
  edges: number;
  buildSeconds: number;
  shape: Shape;
  loads: { connections: number; outcome: LoadOutcome }[];
  rssPeakMb: number;
}

const path = (id: string) => `/explore/upstream?starting_id=${id}&depth=${DEPTH}`;
const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
};

async function buildGraph(server: BenchServer, runs: number): Promise<{ shape: GraphShape; seconds: number }> {
  const shape = graphShape(runs);
  const started = performance.now();
  await buildLayeredGraph(server.ctx.db, shape, (layer) => {
    if ((layer + 1) % 5 === 0) {
      console.log(`  [${server.kind}] ${(layer + 1) * shape.width} runs written, ${fmt((performance.now() - started) / 1000)} s`);
    }
  });
  return { shape, seconds: (performance.now() - started) / 1000 };
}

/** What the responses look like, from a few sequential calls (the load below does not parse bodies). */
async function sampleResponses(server: BenchServer, headers: Record<string, string>, ids: string[]): Promise<Shape> {
  const records: number[] = [];
  const links: number[] = [];
  const kb: number[] = [];
  const ms: number[] = [];
  let truncated = 0;
  for (const id of ids.slice(0, SAMPLES)) {
    const started = performance.now();
    const reply = await requestJson(server, 'GET', path(id), undefined, headers);
    ms.push(performance.now() - started);
    expectStatus(reply, 200, `explore upstream from ${id}`);
    records.push(reply.body.record_count as number);
    links.push((reply.body.graph.links as unknown[]).length);
    kb.push(reply.bytes / 1024);
    if (reply.body.truncated) truncated += 1;
  }
  return { records: spread(records), links: spread(links), truncated, kbMedian: spread(kb).median, sequentialMs: summarise(ms) };
}

async function measure(server: BenchServer, runs: number): Promise<Result> {
  const headers = await clientHeaders(server, 'reader');
  const { shape, seconds } = await buildGraph(server, runs);
  const counts = await countLineage(server.ctx.db);
  const ids = deepDatasetIds(shape, STARTING_IDS);
  const shapeOfReplies = await sampleResponses(server, headers, ids);

  const spec = { url: server.url, method: 'GET' as const, headers, paths: ids.map(path) };
  // Warm-up: the JIT and the database caches settle; its figures are discarded.
  assertAllOk(await runLoad({ ...spec, connections: 1, seconds: WARMUP_SECONDS }), `${server.kind} warm-up`);
  const rss = sampleRss();
  const loads: Result['loads'] = [];
  for (const connections of CONNECTIONS) {
    const outcome = await runLoad({ ...spec, connections, seconds: SECONDS });
    assertAllOk(outcome, `${server.kind} explore upstream, ${connections} connections`);
    loads.push({ connections, outcome });
  }
  return {
    store: server.kind,
    runs: await countRuns(server.ctx.db),
    nodes: counts.nodes,
    edges: counts.edges,
    buildSeconds: seconds,
    shape: shapeOfReplies,
    loads,
    rssPeakMb: rss.stop().peakMb,
  };
}

function printResults(results: Result[]): void {
  console.log(`\n/explore/upstream depth ${DEPTH}, ${STARTING_IDS} starting datasets in layers 5+, ${SECONDS} s per load`);
  console.log('| store | runs | nodes | edges | build s | record_count min/median/max | links median | truncated | reply KB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = r.shape;
    console.log(
      `| ${r.store} | ${r.runs} | ${r.nodes} | ${r.edges} | ${fmt(r.buildSeconds, 0)} | ` +
        `${s.records.min}/${s.records.median}/${s.records.max} | ${s.links.median} | ${s.truncated}/${SAMPLES} | ${fmt(s.kbMedian, 0)} |`,
    );
  }
  console.log('\n| store | connections | requests/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | server RSS peak MB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const { connections, outcome } of r.loads) {
      const l = outcome.latency;
      console.log(
        `| ${r.store} | ${connections} | ${fmt(outcome.ok / outcome.seconds)} | ${fmt(l.p50)} | ${fmt(l.p95)} | ` +
          `${fmt(l.p99)} | ${fmt(l.max)} | ${outcome.non2xx} | ${fmt(r.rssPeakMb, 0)} |`,
      );
    }
  }
  console.log('RSS: the server process (it runs in-process; the load generator is a child process); embedded includes the database.');
}

async function main(): Promise<void> {
  const only = isolatedStore();
  if (only) {
    const server = await startBenchServer(only);
    try {
      reportResult(await measure(server, only === 'embedded' ? EMBEDDED_RUNS : RUNS));
    } finally {
      await server.stop();
    }
    return;
  }
  console.log(`bench:lineage — ${await loadAverageNote()}`);
  // PostgreSQL first: it is the store the 100k-run target is about.
  const kinds = (await storesToRun()).reverse();
  const results: Result[] = [];
  for (const kind of kinds) results.push(await runIsolated<Result>(fileURLToPath(import.meta.url), kind));
  printResults(results);
  console.log(`finished — ${await loadAverageNote()}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
