// POST /v1/traces (OTLP/HTTP) with many concurrent exporters, on the embedded store and on PostgreSQL: one span
// per request, as Gentrace's SDKs export, and batches of 512 spans, as the OpenTelemetry batch processor does,
// each in protobuf and in JSON. Spans are Gentrace-shaped traces of 16 (an interaction with gentrace.pipeline_id
// and function events, and GenAI calls under it). Reports sustained spans/s and latency percentiles, and (on
// PostgreSQL) beside them the insert floor: a bare `pg` client writing the rows one export left in the store
// (read back after each case), one transaction per export. Usage: npm run bench:otlp (env: BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS,
// BENCH_BATCH_CONNECTIONS, DATABASE_URL).
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { encodeExportRequest } from '../src/http/otlp/protobuf.js';
import type { OtlpLoadSpec } from './lib/otlp-load-child.js';
import { clientHeaders } from './lib/http.js';
import { benchEachStore } from './lib/isolate.js';
import { assertAllOk, runLoadChild, type LoadOutcome } from './lib/load.js';
import { otlpFloorUnits } from './lib/otlp-floor-rows.js';
import { measurePgInsertFloor } from './lib/pg-insert-floor.js';
import { envInt, fmt, sampleRss, type LatencySummary } from './lib/stats.js';
import { postgresUrl, type BenchServer, type StoreKind } from './lib/stores.js';

const SECONDS = envInt('BENCH_SECONDS', 5);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 1);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 64);
const BATCH_CONNECTIONS = envInt('BENCH_BATCH_CONNECTIONS', 8);
const SPANS_PER_TRACE = 16;
const BATCH = 512;
const CHILD = fileURLToPath(new URL('./lib/otlp-load-child.ts', import.meta.url));
// The server's PostgreSQL pool (src/store/database.ts's default), which the insert floor's pool matches.
const SERVER_POOL_SIZE = 20;

type Encoding = 'protobuf' | 'json';

interface Case {
  encoding: Encoding;
  spansPerRequest: 1 | typeof BATCH;
}

interface Floor {
  spansPerSecond: number;
  latency: LatencySummary;
  rows: string;
}

interface Row extends Case {
  outcome: LoadOutcome;
  spansPerSecond: number;
  rssPeakMb: number;
  /** PostgreSQL only: the same rows written by a bare client (the same for both encodings). */
  pgInsert?: Floor;
}

interface StoreRows {
  store: StoreKind;
  rssStartMb: number;
  rows: Row[];
}

const kv = (key: string, value: string | number) => ({ key, value: typeof value === 'string' ? { stringValue: value } : { intValue: String(value) } });
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const T0 = Date.parse('2024-05-01T12:00:00.000Z');

/** The spans of one trace whose id is `traceId` (hex); the id also appears in the prompts, so values are new. */
function traceSpans(traceId: string) {
  const root = randomBytes(8).toString('hex');
  const rootSpan = {
    traceId,
    spanId: root,
    name: 'answer question',
    kind: 1,
    startTimeUnixNano: nanos(T0),
    endTimeUnixNano: nanos(T0 + 2000),
    attributes: [kv('gentrace.pipeline_id', '5b0c9a8e-4d2f-4c1b-8a7e-3f6d2e1c0b9a'), kv('gentrace.sample', 'true')],
    events: [
      { name: 'gentrace.fn.args', timeUnixNano: nanos(T0), attributes: [kv('args', JSON.stringify([{ question: `Question ${traceId}` }]))] },
      { name: 'gentrace.fn.output', timeUnixNano: nanos(T0 + 2000), attributes: [kv('output', JSON.stringify({ answer: `Answer ${traceId}` }))] },
    ],
    status: { code: 0 },
  };
  const calls = Array.from({ length: SPANS_PER_TRACE - 1 }, (_, k) => ({
    traceId,
    spanId: randomBytes(8).toString('hex'),
    parentSpanId: root,
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: nanos(T0 + 100 * k),
    endTimeUnixNano: nanos(T0 + 100 * k + 90),
    attributes: [
      kv('gen_ai.operation.name', 'chat'),
      kv('gen_ai.provider.name', 'openai'),
      kv('gen_ai.request.model', 'gpt-4o'),
      kv('gen_ai.usage.input_tokens', 120 + k),
      kv('gen_ai.usage.output_tokens', 40 + k),
      kv('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Step ${k} of ${traceId}: summarise the passages.` }] }])),
      kv('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Step ${k} of ${traceId}: they agree.` }] }])),
    ],
    status: { code: 0 },
  }));
  return [rootSpan, ...calls];
}

const request = (spans: object[]) => ({
  resourceSpans: [{ resource: { attributes: [kv('service.name', 'bench-service')] }, scopeSpans: [{ scope: { name: 'gentrace' }, spans }] }],
});

const encode = (encoding: Encoding, body: Record<string, unknown>) =>
  (encoding === 'protobuf' ? encodeExportRequest(body) : Buffer.from(JSON.stringify(body))).toString('base64');

/** Templates and their trace slots: 16 one-span requests over one slot, or one request of 32 traces. */
function templates(c: Case): { templates: string[]; slots: string[] } {
  if (c.spansPerRequest === 1) {
    const slot = randomBytes(16).toString('hex');
    return { templates: traceSpans(slot).map((span) => encode(c.encoding, request([span]))), slots: [slot] };
  }
  const slots = Array.from({ length: BATCH / SPANS_PER_TRACE }, () => randomBytes(16).toString('hex'));
  return { templates: [encode(c.encoding, request(slots.flatMap(traceSpans)))], slots };
}

async function storedSpans(server: BenchServer): Promise<number> {
  const result = await sql<{ n: string }>`SELECT count(*) AS n FROM run_steps WHERE span_id IS NOT NULL`.execute(server.ctx.db);
  return Number(result.rows[0]!.n);
}

/** Counts once the server has drained: requests in flight when a load stops go on committing. */
async function settledSpans(server: BenchServer): Promise<number> {
  let previous = -1;
  let current = await storedSpans(server);
  while (current !== previous) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    previous = current;
    current = await storedSpans(server);
  }
  return current;
}

async function measureCase(server: BenchServer, c: Case, headers: Record<string, string>): Promise<Row> {
  const connections = c.spansPerRequest === 1 ? CONNECTIONS : BATCH_CONNECTIONS;
  const contentType = c.encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
  const spec: OtlpLoadSpec = {
    url: server.url,
    path: '/v1/traces',
    connections,
    seconds: WARMUP_SECONDS,
    headers: { ...headers, 'content-type': contentType },
    ...templates(c),
  };
  const what = `${server.kind} ${c.encoding} ×${c.spansPerRequest}`;
  // The warm-up lets the JIT, the pool and the database caches settle; its figures are discarded.
  assertAllOk(await runLoadChild(CHILD, spec), `${what} warm-up`);
  const before = await settledSpans(server);
  const rss = sampleRss();
  const outcome = await runLoadChild(CHILD, { ...spec, seconds: SECONDS, ...templates(c) });
  const memory = rss.stop();
  assertAllOk(outcome, what);
  const stored = (await settledSpans(server)) - before;
  // Every 2xx stored all its spans; a few more may commit after the generator stopped counting, and (slow
  // batches on a busy machine) some warm-up requests may commit only after the count before seemed settled.
  if (stored < outcome.ok * c.spansPerRequest || stored > (outcome.ok + 2 * connections) * c.spansPerRequest) {
    throw new Error(`${what}: ${outcome.ok} 2xx replies but ${stored} spans stored`);
  }
  return { ...c, outcome, spansPerSecond: (outcome.ok * c.spansPerRequest) / outcome.seconds, rssPeakMb: memory.peakMb };
}

/** The rows the last export of the case left, replayed with fresh ids by as many writers as the case's connections. */
async function measurePgFloor(server: BenchServer, spansPerRequest: 1 | typeof BATCH): Promise<Floor> {
  const units = await otlpFloorUnits(postgresUrl(), server.schema, SPANS_PER_TRACE, spansPerRequest / (spansPerRequest === 1 ? 1 : SPANS_PER_TRACE));
  const outcome = await measurePgInsertFloor({
    url: postgresUrl(),
    ...(server.schema ? { schema: server.schema } : {}),
    poolSize: SERVER_POOL_SIZE,
    concurrency: spansPerRequest === 1 ? CONNECTIONS : BATCH_CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    statementsFor: units.statementsFor,
  });
  return { spansPerSecond: (outcome.ok * units.spansPerUnit) / outcome.seconds, latency: outcome.latency, rows: units.describe };
}

async function measure(server: BenchServer, rssStartMb: number): Promise<StoreRows> {
  const headers = await clientHeaders(server, 'writer');
  const rows: Row[] = [];
  for (const spansPerRequest of [1, BATCH] as const) {
    const measured: Row[] = [];
    for (const encoding of ['protobuf', 'json'] as const) measured.push(await measureCase(server, { encoding, spansPerRequest }, headers));
    const pgInsert = server.kind === 'postgres' ? await measurePgFloor(server, spansPerRequest) : undefined;
    rows.push(...measured.map((r) => (pgInsert ? { ...r, pgInsert } : r)));
  }
  return { store: server.kind, rssStartMb, rows };
}

function print(stores: StoreRows[]): void {
  console.log(
    `\nPOST /v1/traces, traces of ${SPANS_PER_TRACE} spans; ${CONNECTIONS} connections for single spans, ` +
      `${BATCH_CONNECTIONS} for batches of ${BATCH}; ${SECONDS} s each (after ${WARMUP_SECONDS} s warm-up)`,
  );
  console.log('| store | encoding | spans/request | spans/s | requests/s | p50 ms | p99 ms | max ms | non-2xx | RSS at start MB | RSS peak MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of stores) {
    for (const r of s.rows) {
      const l = r.outcome.latency;
      console.log(
        `| ${s.store} | ${r.encoding} | ${r.spansPerRequest} | ${fmt(r.spansPerSecond, 0)} | ${fmt(r.outcome.ok / r.outcome.seconds, 0)} | ` +
          `${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${r.outcome.non2xx} | ${fmt(s.rssStartMb, 0)} | ${fmt(r.rssPeakMb, 0)} |`,
      );
    }
  }
  console.log('\nAgainst the PostgreSQL insert floor (spans/s; ratio = runledger ÷ floor; one transaction per export):');
  console.log('| store | encoding | spans/request | runledger | p50 / p99 ms | PostgreSQL insert | p50 / p99 ms | ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const s of stores) {
    for (const r of s.rows) {
      const l = r.outcome.latency;
      const f = r.pgInsert;
      const floor = f ? [fmt(f.spansPerSecond, 0), `${fmt(f.latency.p50)} / ${fmt(f.latency.p99)}`, fmt(r.spansPerSecond / f.spansPerSecond, 2)] : ['-', '-', '-'];
      console.log(`| ${s.store} | ${r.encoding} | ${r.spansPerRequest} | ${fmt(r.spansPerSecond, 0)} | ${fmt(l.p50)} / ${fmt(l.p99)} | ${floor.join(' | ')} |`);
    }
  }
  const floors = new Map(stores.flatMap((s) => s.rows.flatMap((r) => (r.pgInsert ? [[r.spansPerRequest, r.pgInsert.rows] as const] : []))));
  for (const [spans, rows] of floors) console.log(`PostgreSQL floor rows, ${spans} span(s) per request: ${rows}`);
  console.log('Target (DESIGN): ≥ 2,500 spans/s (0.5 × the Gentrace ingestion floor) and ≥ 0.5× the PostgreSQL insert floor, p99 ≤ 100 ms for single-span exports.');
}

benchEachStore<StoreRows>({ name: 'bench:otlp', script: fileURLToPath(import.meta.url), measure, print }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
