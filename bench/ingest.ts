// POST /api/v1/run (the @gentrace/core 2.8 shape) with many concurrent clients, each request a new run of
// 10 step runs with new values, on the embedded store and on PostgreSQL. Reports sustained step runs/s and
// latency percentiles. Usage: npm run bench:ingest (env: BENCH_SECONDS, BENCH_CONNECTIONS, DATABASE_URL).
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { IngestLoadSpec } from './lib/ingest-load-child.js';
import { clientHeaders } from './lib/http.js';
import { benchEachStore } from './lib/isolate.js';
import { assertAllOk, runLoadChild, type LoadOutcome } from './lib/load.js';
import { envInt, fmt, sampleRss } from './lib/stats.js';
import type { BenchServer, StoreKind } from './lib/stores.js';

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 64);
const STEPS = 10;
const ID_MARK = '__RUN_ID__';
const SEQ_MARK = '__SEQ__';
const CHILD = fileURLToPath(new URL('./lib/ingest-load-child.ts', import.meta.url));

interface Row {
  store: StoreKind;
  outcome: LoadOutcome;
  runsPerSecond: number;
  stepRunsPerSecond: number;
  runs: number;
  /** RSS once the server has started, before any load. */
  rssStartMb: number;
  rssPeakMb: number;
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
  const outcome = await runLoadChild(CHILD, { ...spec, seconds: SECONDS });
  const memory = rss.stop();
  assertAllOk(outcome, `${server.kind} ingestion`);
  const after = await settledCounts(server);
  // Every 2xx must be a new stored run of 10 steps; a few more may commit after the generator stopped counting.
  const stored = after.runs - before.runs;
  if (stored < outcome.ok || stored > outcome.ok + CONNECTIONS || after.steps - before.steps !== stored * STEPS) {
    throw new Error(`${server.kind}: ${outcome.ok} 2xx replies but ${stored} runs and ${after.steps - before.steps} steps stored`);
  }
  const runsPerSecond = outcome.ok / outcome.seconds;
  return {
    store: server.kind,
    outcome,
    runsPerSecond,
    stepRunsPerSecond: runsPerSecond * STEPS,
    runs: outcome.ok,
    rssStartMb,
    rssPeakMb: memory.peakMb,
  };
}

function printRows(rows: Row[]): void {
  console.log(`\nPOST /api/v1/run, ${STEPS} step runs per run, ${CONNECTIONS} connections, ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up)`);
  console.log('| store | step runs/s | runs/s | p50 ms | p95 ms | p99 ms | max ms | runs | non-2xx | RSS at start MB | RSS peak MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const l = r.outcome.latency;
    console.log(
      `| ${r.store} | ${fmt(r.stepRunsPerSecond, 0)} | ${fmt(r.runsPerSecond, 0)} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ` +
        `${fmt(l.max)} | ${r.runs} | ${r.outcome.non2xx} | ${fmt(r.rssStartMb, 0)} | ${fmt(r.rssPeakMb, 0)} |`,
    );
  }
  console.log('Target (DESIGN): ≥ 5,000 step runs/s with p99 ≤ 100 ms.');
  console.log('RSS is the process running the server (and, for the embedded store, the database); the load generator runs apart.');
}

benchEachStore<Row>({ name: 'bench:ingest', script: fileURLToPath(import.meta.url), measure, print: printRows }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
