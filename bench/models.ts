// npm run bench:models — triggered SQL model runs on the embedded store with the in-process worker:
//   1. trigger → RUNNING latency (idle worker), from the run's created_at to its started_at;
//   2. a 100-model DAG run's wall time against DuckDB running the same compiled SQL back to back;
//   3. cancel latency mid-query: the API's answer, and until the worker has let go of the warehouse.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { clientHeaders, expectStatus, requestJson } from './lib/http.js';
import { summarise } from './lib/stats.js';
import { startBenchServer, type BenchServer } from './lib/stores.js';

const TRIGGERS = Number(process.env.BENCH_TRIGGERS ?? 30);
const TIERS = 10;
const PER_TIER = 10;

type Headers = Record<string, string>;

/** Polls gently: the embedded store has one connection, and polling must not slow the run it watches. */
async function waitForStatus(server: BenchServer, headers: Headers, runId: string, wanted: (s: string) => boolean, everyMs = 20): Promise<any> {
  for (;;) {
    const run = (await requestJson(server, 'GET', `/model-runs/${runId}`, undefined, headers)).body;
    if (wanted(run.status)) return run;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function createModel(server: BenchServer, headers: Headers, project: string, name: string, sql: string) {
  expectStatus(await requestJson(server, 'POST', '/models', { project_name: project, name, sql, materialization: 'TABLE' }, headers), 201, `model ${name}`);
}

async function triggerLatency(server: BenchServer, headers: Headers) {
  await createModel(server, headers, 'tiny', 'one', 'SELECT 1 AS x');
  const latencies: number[] = [];
  for (let i = 0; i < TRIGGERS; i++) {
    const run = (await requestJson(server, 'POST', '/model-runs', { project_name: 'tiny' }, headers)).body;
    const done = await waitForStatus(server, headers, run.id, (s) => s !== 'PENDING' && s !== 'RUNNING');
    latencies.push(Date.parse(done.started_at) - Date.parse(run.created_at));
  }
  return summarise(latencies);
}

/** 10 tiers of 10 templated models; each reads two models of the tier before through ref(). */
async function buildDag(server: BenchServer, headers: Headers) {
  for (let t = 0; t < TIERS; t++) {
    for (let m = 0; m < PER_TIER; m++) {
      const sql = t === 0
        ? `SELECT i AS k, i * {{ var('scale', 1) }} * ${m + 1} AS v FROM range(200000) r(i)`
        : `SELECT a.k, a.v + b.v AS v FROM {{ ref('m_${t - 1}_${m}') }} a JOIN {{ ref('m_${t - 1}_${(m + 3) % PER_TIER}') }} b USING (k)`;
      await createModel(server, headers, 'dag', `m_${t}_${m}`, sql);
    }
  }
}

async function dagOverhead(server: BenchServer, headers: Headers) {
  await buildDag(server, headers);
  // The trigger answers once every model is compiled: 100 templates rendered and parsed.
  const t0 = performance.now();
  const run = (await requestJson(server, 'POST', '/model-runs', { project_name: 'dag' }, headers)).body;
  const compileMs = performance.now() - t0;
  const done = await waitForStatus(server, headers, run.id, (s) => s !== 'PENDING' && s !== 'RUNNING', 500);
  if (done.status !== 'SUCCESS') throw new Error(`DAG run ended ${done.status}: ${done.error_message}`);
  const runMs = Date.parse(done.finished_at) - Date.parse(done.started_at);
  const steps = (await requestJson(server, 'GET', `/model-runs/${run.id}/steps`, undefined, headers)).body.data as { model_name: string; compiled_sql: string }[];

  // The same statements, back to back, in one DuckDB file of our own.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-duck-'));
  const instance = await DuckDBInstance.create(path.join(dir, 'dag.duckdb'));
  const connection = await instance.connect();
  await connection.run("SET memory_limit = '256MB'");
  await connection.run('CREATE SCHEMA IF NOT EXISTS dag.dag');
  const started = performance.now();
  // Each step's SELECT, built as the run builds its TABLE models (steps name them `dag.<name>`).
  for (const step of steps) await connection.run(`CREATE OR REPLACE TABLE dag.dag.${step.model_name.slice('dag.'.length)} AS ${step.compiled_sql}`);
  const duckMs = performance.now() - started;
  connection.closeSync();
  instance.closeSync();
  await fs.rm(dir, { recursive: true, force: true });
  return { steps: steps.length, compileMs, runMs, duckMs, ratio: runMs / duckMs, perStepOverheadMs: (runMs - duckMs) / steps.length };
}

async function cancelLatency(server: BenchServer, headers: Headers) {
  await createModel(server, headers, 'slow', 'forever', 'SELECT sum(i) AS s FROM range(1000000000000) t(i)');
  const samples: { answerMs: number; releasedMs: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const run = (await requestJson(server, 'POST', '/model-runs', { project_name: 'slow' }, headers)).body;
    await waitForStatus(server, headers, run.id, (s) => s === 'RUNNING');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const cancelled = await requestJson(server, 'POST', `/model-runs/${run.id}/cancel`, undefined, headers);
    const answerMs = performance.now() - t0;
    if (cancelled.body.status !== 'CANCELLED') throw new Error(`cancel answered ${cancelled.body.status}`);
    // The worker has let go once the next run of the project can start.
    const next = (await requestJson(server, 'POST', '/model-runs', { project_name: 'slow' }, headers)).body;
    await waitForStatus(server, headers, next.id, (s) => s === 'RUNNING');
    samples.push({ answerMs, releasedMs: performance.now() - t0 });
    await requestJson(server, 'POST', `/model-runs/${next.id}/cancel`, undefined, headers);
  }
  const answered = summarise(samples.map((s) => s.answerMs));
  const released = summarise(samples.map((s) => s.releasedMs));
  return { answerP50: answered.p50, releasedP50: released.p50, releasedMax: released.max };
}

const server = await startBenchServer('embedded');
try {
  const headers = await clientHeaders(server, 'writer');
  const trigger = await triggerLatency(server, headers);
  console.log(`trigger → RUNNING (${TRIGGERS} runs, idle worker): p50 ${trigger.p50.toFixed(0)} ms, p95 ${trigger.p95.toFixed(0)} ms, max ${trigger.max.toFixed(0)} ms`);
  const dag = await dagOverhead(server, headers);
  console.log(
    `100-model DAG: run ${dag.runMs.toFixed(0)} ms vs DuckDB back to back ${dag.duckMs.toFixed(0)} ms ` +
      `(ratio ${dag.ratio.toFixed(2)}, orchestration ${dag.perStepOverheadMs.toFixed(1)} ms per step over ${dag.steps} steps)`,
  );
  console.log(`100-model DAG trigger (renders and parses every template): ${dag.compileMs.toFixed(0)} ms, ${(dag.compileMs / dag.steps).toFixed(1)} ms per model`);
  const cancel = await cancelLatency(server, headers);
  console.log(`cancel mid-query: API answers CANCELLED p50 ${cancel.answerP50.toFixed(0)} ms; worker released the warehouse p50 ${cancel.releasedP50.toFixed(0)} ms, max ${cancel.releasedMax.toFixed(0)} ms`);
  console.log(`server RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (server, worker and this client share the process)`);
} finally {
  await server.stop();
}
