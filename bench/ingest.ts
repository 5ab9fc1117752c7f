// POST /api/v1/run (the @gentrace/core 2.8 shape) with many concurrent clients, each request a new run of
// 10 step runs with new values, on the embedded store and on PostgreSQL. Reports sustained step runs/s and
// latency percentiles, and beside them two floors measured in the same process right after: a bare Fastify
// server given the same bodies by the same load generator, and (PostgreSQL) a bare `pg` client inserting the
// rows one stored run holds, one transaction per run. Usage: npm run bench:ingest (env: BENCH_SECONDS,
// BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS, DATABASE_URL).
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { startBareFastify } from './lib/bare-fastify.js';
import { ingestFloorStatements, readIngestedRun } from './lib/ingest-floor-rows.js';
import type { IngestLoadSpec } from './lib/ingest-load-child.js';
import { clientHeaders } from './lib/http.js';
import { benchEachStore } from './lib/isolate.js';
import { assertAllOk, runLoadChild, type LoadOutcome } from './lib/load.js';
import { measurePgInsertFloor, type FloorOutcome } from './lib/pg-insert-floor.js';
import { envInt, fmt, sampleRss, type LatencySummary } from './lib/stats.js';
import { postgresUrl, type BenchServer, type StoreKind } from './lib/stores.js';

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 64);
const STEPS = 10;
const ID_MARK = '__RUN_ID__';
const SEQ_MARK = '__SEQ__';
const CHILD = fileURLToPath(new URL('./lib/ingest-load-child.ts', import.meta.url));
// The server's PostgreSQL pool (src/store/database.ts's default), which the insert floor's pool matches.
const SERVER_POOL_SIZE = 20;

interface Floor {
  runsPerSecond: number;
  latency: LatencySummary;
}

interface Row {
  store: StoreKind;
  outcome: LoadOutcome;
  runsPerSecond: number;
  stepRunsPerSecond: number;
  runs: number;
  /** RSS once the server has started, before any load. */
  rssStartMb: number;
  rssPeakMb: number;
  /** CPU time of the server's process per stored run (for the embedded store, the database's too). */
  cpuMsPerRun: number;
  bareFastify: Floor;
  /** PostgreSQL only. */
  pgInsert?: Floor;
}

/** A run as the SDK sends it: ten step runs over three providers, each with its own prompt and answer. */
function template(): string {
  const providers = [
    ['openai', 'openai_createChatCompletion', { model: 'gpt-4o', temperature: 0.2 }],
    ['anthropic', 'messages.create', { model: 'claude-3-5-sonnet', max_tokens: 1024 }],
    ['pinecone', 'query', { topK: 5, namespace: 'docs' }],
  ] as const;
  const t0 = Date.parse('2024-05-01T12:00:00.000Z');
  return JSON.stringify({
    id: ID_MARK,
    slug: 'bench-answer-question',
    metadata: {},
    collectionMethod: 'runner',
    stepRuns: Array.from({ length: STEPS }, (_, k) => {
      const [providerName, invocation, modelParams] = providers[k % providers.length]!;
      return {
        providerName,
        invocation,
        elapsedTime: 120 + k,
        startTime: new Date(t0 + k * 200).toISOString(),
        endTime: new Date(t0 + k * 200 + 120 + k).toISOString(),
        modelParams,
        inputs: { prompt: `Request ${SEQ_MARK}, step ${k}: summarise the retrieved passages for the user's question.`, k },
        outputs: { value: `Answer ${SEQ_MARK}, step ${k}: the passages agree that provenance records who did what.` },
        context: {},
      };
    }),
  });
}

async function counts(server: BenchServer): Promise<{ runs: number; steps: number }> {
  const result = await sql<{ runs: string; steps: string }>`
    SELECT (SELECT count(*) FROM runs WHERE kind = 'ingested') AS runs, (SELECT count(*) FROM run_steps) AS steps
  `.execute(server.ctx.db);
  return { runs: Number(result.rows[0]!.runs), steps: Number(result.rows[0]!.steps) };
}

/** Counts once the server has drained: requests in flight when a load stops go on committing. */
async function settledCounts(server: BenchServer): Promise<{ runs: number; steps: number }> {
  let previous = -1;
  let current = await counts(server);
  while (current.runs !== previous) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    previous = current.runs;
    current = await counts(server);
  }
  return current;
}

async function measure(server: BenchServer, rssStartMb: number): Promise<Row> {
  const headers = await clientHeaders(server, 'writer');
  const spec: IngestLoadSpec = {
    url: server.url,
    path: '/api/v1/run',
    connections: CONNECTIONS,
    seconds: WARMUP_SECONDS,
    headers: { ...headers, 'content-type': 'application/json' },
    template: template(),
    idMark: ID_MARK,
    seqMark: SEQ_MARK,
  };
  // A warm-up lets the JIT, the pool and the database caches settle; its figures are discarded.
  assertAllOk(await runLoadChild(CHILD, spec), `${server.kind} warm-up`);

  const before = await settledCounts(server);
  const rss = sampleRss();
  const cpu = process.cpuUsage();
  const outcome = await runLoadChild(CHILD, { ...spec, seconds: SECONDS });
  const memory = rss.stop();
  assertAllOk(outcome, `${server.kind} ingestion`);
  const after = await settledCounts(server);
  const used = process.cpuUsage(cpu);
  // Every 2xx must be a new stored run of 10 steps; a few more may commit after the generator stopped counting.
  const stored = after.runs - before.runs;
  if (stored < outcome.ok || stored > outcome.ok + CONNECTIONS || after.steps - before.steps !== stored * STEPS) {
    throw new Error(`${server.kind}: ${outcome.ok} 2xx replies but ${stored} runs and ${after.steps - before.steps} steps stored`);
  }
  const runsPerSecond = outcome.ok / outcome.seconds;
  const bareFastify = await measureBareFastify(spec);
  const pgInsert = server.kind === 'postgres' ? await measurePgFloor(server) : undefined;
  return {
    store: server.kind,
    outcome,
    runsPerSecond,
    stepRunsPerSecond: runsPerSecond * STEPS,
    runs: outcome.ok,
    rssStartMb,
    rssPeakMb: memory.peakMb,
    cpuMsPerRun: (used.user + used.system) / 1000 / stored,
    bareFastify,
    ...(pgInsert ? { pgInsert } : {}),
  };
}

/** The same bodies, the same load generator and warm-up, against a Fastify server that only parses them. */
async function measureBareFastify(spec: IngestLoadSpec): Promise<Floor> {
  const bare = await startBareFastify(spec.path);
  try {
    const load = { ...spec, url: bare.url };
    assertAllOk(await runLoadChild(CHILD, load), 'bare Fastify warm-up');
    const outcome = await runLoadChild(CHILD, { ...load, seconds: SECONDS });
    assertAllOk(outcome, 'bare Fastify');
    return { runsPerSecond: outcome.ok / outcome.seconds, latency: outcome.latency };
  } finally {
    await bare.close();
  }
}

/** The rows of the last run the server stored, replayed with fresh ids by CONNECTIONS writers on the server's pool size. */
async function measurePgFloor(server: BenchServer): Promise<Floor> {
  const last = await sql<{ id: string }>`SELECT id FROM runs WHERE kind = 'ingested' ORDER BY created_at DESC LIMIT 1`.execute(server.ctx.db);
  const stored = await readIngestedRun(postgresUrl(), server.schema, last.rows[0]!.id);
  const outcome: FloorOutcome = await measurePgInsertFloor({
    url: postgresUrl(),
    ...(server.schema ? { schema: server.schema } : {}),
    poolSize: SERVER_POOL_SIZE,
    concurrency: CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    statementsFor: ingestFloorStatements(stored),
  });
  console.log(
    `PostgreSQL floor rows per run: 1 run (${JSON.stringify(stored.run).length} B as JSON), ${stored.steps.length} steps, ` +
      `${stored.nodes.length} nodes, ${stored.edges.length} edges`,
  );
  return { runsPerSecond: outcome.ok / outcome.seconds, latency: outcome.latency };
}

function printRows(rows: Row[]): void {
  console.log(`\nPOST /api/v1/run, ${STEPS} step runs per run, ${CONNECTIONS} connections, ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up)`);
  console.log('| store | step runs/s | runs/s | p50 ms | p95 ms | p99 ms | max ms | runs | non-2xx | server CPU ms/run | RSS at start MB | RSS peak MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const l = r.outcome.latency;
    console.log(
      `| ${r.store} | ${fmt(r.stepRunsPerSecond, 0)} | ${fmt(r.runsPerSecond, 0)} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ` +
        `${fmt(l.max)} | ${r.runs} | ${r.outcome.non2xx} | ${fmt(r.cpuMsPerRun, 2)} | ${fmt(r.rssStartMb, 0)} | ${fmt(r.rssPeakMb, 0)} |`,
    );
  }
  console.log('\nAgainst its floors (runs/s; ratio = runledger ÷ floor):');
  console.log('| store | runledger | bare Fastify | ratio | bare Fastify p50/p99 ms | PostgreSQL insert | ratio | PostgreSQL insert p50/p99 ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const floor = (f: Floor | undefined) =>
      f ? [fmt(f.runsPerSecond, 0), fmt(r.runsPerSecond / f.runsPerSecond, 2), `${fmt(f.latency.p50)} / ${fmt(f.latency.p99)}`] : ['-', '-', '-'];
    console.log(`| ${r.store} | ${fmt(r.runsPerSecond, 0)} | ${[...floor(r.bareFastify), ...floor(r.pgInsert)].join(' | ')} |`);
  }
  console.log('Target (DESIGN): ≥ 5,000 step runs/s with p99 ≤ 100 ms; ≥ 0.5× the PostgreSQL insert floor.');
  console.log('RSS is the process running the server (and, for the embedded store, the database); the load generator runs apart.');
}

benchEachStore<Row>({ name: 'bench:ingest', script: fileURLToPath(import.meta.url), measure, print: printRows }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
