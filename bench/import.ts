// Bulk lodging: 100k Provena records imported by `runledger import` (POST /model-runs/batch), against the
// same records sent one at a time to register_complete, and against the floor of the store writing the
// batch's rows with no HTTP, validation or PROV building. Each store in a fresh process.
// Usage: npm run bench:import (env: BENCH_IMPORT_RECORDS, BENCH_SECONDS, BENCH_FLOOR_RECORDS,
// BENCH_IMPORT_CONCURRENCY, DATABASE_URL).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ModelRunRecord } from '../src/domain/model-run-record.js';
import { validateRecordReferences } from '../src/domain/model-run-record.js';
import { lodgeRows, loadLookup, recordHash, type Lodge } from '../src/services/model-run-batch.js';
import { lockAttributionShared } from '../src/store/lineage-records.js';
import { claimIdempotencyKeys, insertRunsWithLineage } from '../src/store/run-batches.js';
import { countRuns } from '../src/store/runs.js';
import { clientHeaders } from './lib/http.js';
import { benchEachStore } from './lib/isolate.js';
import { assertAllOk, runLoad } from './lib/load.js';
import { envInt, fmt } from './lib/stats.js';
import type { BenchServer, StoreKind } from './lib/stores.js';
import { buildRegisterWorld, recordBody, type RegisterWorld } from './lib/world.js';

const RECORDS = envInt('BENCH_IMPORT_RECORDS', 100_000);
const ONE_BY_ONE_SECONDS = envInt('BENCH_SECONDS', 15);
const FLOOR_RECORDS = envInt('BENCH_FLOOR_RECORDS', 20_000);
const CONCURRENCY = envInt('BENCH_IMPORT_CONCURRENCY', 2);
const BATCH = 500;
const DATASETS = 200;
const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

interface Row {
  store: StoreKind;
  records: number;
  importSeconds: number;
  importWallSeconds: number;
  importRate: number;
  oneByOne: { connections: number; rate: number; p50: number; records: number }[];
  floorRate: number;
}

async function writeRecords(file: string, world: RegisterWorld): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    for (let start = 0; start < RECORDS; start += 1000) {
      const lines = Array.from({ length: Math.min(1000, RECORDS - start) }, (_, i) => JSON.stringify(recordBody(world, start + i)));
      await handle.write(`${lines.join('\n')}\n`);
    }
  } finally {
    await handle.close();
  }
}

/** `runledger import` as a user runs it: its own process, its own summary of what it did. */
async function runImport(server: BenchServer, headers: Record<string, string>, dir: string, file: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, CLI, 'import', file, '--json', '--concurrency', String(CONCURRENCY)], {
    env: { ...process.env, RUNLEDGER_URL: server.url, RUNLEDGER_API_KEY: headers['x-api-key'] ?? '', RUNLEDGER_CONFIG: path.join(dir, 'config.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`runledger import exited with ${code}: ${stdout}`);
  const summary = JSON.parse(stdout) as { rows: number; lodged: number; seconds: number; records_per_second: number };
  return { summary, wallSeconds: (performance.now() - started) / 1000 };
}

/** The batch's rows written straight to the store: one transaction per 500 records, CONCURRENCY at once. */
async function floorRate(server: BenchServer, world: RegisterWorld): Promise<number> {
  const ctx = server.ctx;
  const lodger = { id: 'bench-floor', username: 'bench' };
  const batches: { rows: ReturnType<typeof lodgeRows>; claims: { key: string; run_id: string; request_hash: string }[] }[] = [];
  for (let start = 0; start < FLOOR_RECORDS; start += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, FLOOR_RECORDS - start) }, (_, i) => recordBody(world, RECORDS + 1_000_000 + start + i) as unknown as ModelRunRecord);
    const lookup = await loadLookup(ctx.db, records);
    const lodges: Lodge[] = records.map((record, i) => {
      const hash = recordHash(record);
      return { index: i, key: `floor-${start + i}`, record, hash, runId: ctx.newId(), workflow: validateRecordReferences(record, lookup) };
    });
    batches.push({ rows: lodgeRows(ctx, lodges, lookup, lodger), claims: lodges.map((l) => ({ key: l.key!, run_id: l.runId, request_hash: l.hash })) });
  }
  let next = 0;
  const started = performance.now();
  const writer = async () => {
    for (let b = next++; b < batches.length; b = next++) {
      await ctx.db.transaction().execute(async (tx) => {
        await lockAttributionShared(tx);
        await claimIdempotencyKeys(tx, lodger.id, batches[b]!.claims);
        await insertRunsWithLineage(tx, batches[b]!.rows);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
  return FLOOR_RECORDS / ((performance.now() - started) / 1000);
}

async function measure(server: BenchServer): Promise<Row> {
  const headers = await clientHeaders(server, 'writer');
  const world = await buildRegisterWorld(server, headers, DATASETS);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-bench-import-'));
  try {
    const file = path.join(dir, 'records.jsonl');
    await writeRecords(file, world);
    console.log(`  [${server.kind}] ${RECORDS} records written to a JSON Lines file (${((await fs.stat(file)).size / 2 ** 20).toFixed(0)} MiB)`);

    const before = await countRuns(server.ctx.db);
    const { summary, wallSeconds } = await runImport(server, headers, dir, file);
    const stored = (await countRuns(server.ctx.db)) - before;
    if (summary.lodged !== RECORDS || stored !== RECORDS) throw new Error(`${server.kind}: import lodged ${summary.lodged}, store holds ${stored} new runs, expected ${RECORDS}`);
    console.log(`  [${server.kind}] import: ${fmt(summary.records_per_second, 0)} rec/s (${fmt(summary.seconds)} s; ${fmt(wallSeconds)} s with the CLI's start)`);

    const bodies = Array.from({ length: 1000 }, (_, i) => JSON.stringify(recordBody(world, RECORDS + i)));
    const oneByOne: Row['oneByOne'] = [];
    for (const connections of [1, CONCURRENCY]) {
      const spec = { url: server.url, connections, seconds: ONE_BY_ONE_SECONDS, method: 'POST' as const, headers: { ...headers, 'content-type': 'application/json' }, paths: ['/model_run/register_complete'], bodies };
      const outcome = await runLoad(spec);
      assertAllOk(outcome, `${server.kind} register_complete, ${connections} in flight`);
      oneByOne.push({ connections, rate: outcome.ok / outcome.seconds, p50: outcome.latency.p50, records: outcome.ok });
      console.log(`  [${server.kind}] register_complete one at a time, ${connections} in flight: ${fmt(outcome.ok / outcome.seconds, 0)} rec/s`);
    }

    const floor = await floorRate(server, world);
    console.log(`  [${server.kind}] store floor: ${fmt(floor, 0)} rec/s`);
    return { store: server.kind, records: RECORDS, importSeconds: summary.seconds, importWallSeconds: wallSeconds, importRate: summary.records_per_second, oneByOne, floorRate: floor };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function printRows(rows: Row[]): void {
  console.log(`\nimport of ${RECORDS} records (batches of ${BATCH}, ${CONCURRENCY} in flight) against register_complete one record per request (${ONE_BY_ONE_SECONDS} s samples, extrapolated) and the store's floor (${FLOOR_RECORDS} records)`);
  console.log('| store | import rec/s | import time (with CLI start) | register_complete rec/s, 1 in flight → 100k would take | same, ' + CONCURRENCY + ' in flight | import ÷ one-at-a-time (same in flight) | store floor rec/s | import ÷ floor |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const [one, many] = r.oneByOne;
    const hours = (rate: number) => `${fmt(r.records / rate / 60, 1)} min`;
    console.log(
      `| ${r.store} | ${fmt(r.importRate, 0)} | ${fmt(r.importSeconds, 0)} s (${fmt(r.importWallSeconds, 0)} s) | ${fmt(one!.rate, 0)} → ${hours(one!.rate)} | ` +
        `${fmt(many!.rate, 0)} → ${hours(many!.rate)} | ${fmt(r.importRate / many!.rate, 1)}× | ${fmt(r.floorRate, 0)} | ${fmt(r.importRate / r.floorRate, 2)} |`,
    );
  }
}

benchEachStore<Row>({ name: 'bench:import', script: fileURLToPath(import.meta.url), measure: (server) => measure(server), print: printRows }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
