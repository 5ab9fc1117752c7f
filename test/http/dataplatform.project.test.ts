// A project written for the DuckDB Data Platform (test/fixtures/dataplatform-project) built through /v1 alone:
// seeds uploaded over HTTP, sources and vars in the project settings, macros, templates, every materialization,
// a contract that fails, every test type, tag and state selectors. Each table it builds must equal what
// DuckDB makes of the same rendered SQL run directly.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { MACROS, MODELS, PROJECT, SEEDS, SETTINGS, TESTS } from '../fixtures/dataplatform-project/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

type Json = any;
const seedsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dataplatform-project', 'seeds');
let server: TestServer;

async function ok(method: string, url: string, body?: unknown, status = 200, headers?: Record<string, string>): Promise<Json> {
  const res = await server.request(method, url, body, headers);
  assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(res.body)}`);
  return res.body;
}
const upload = async (target: string, seed: string) =>
  server.request('PUT', `/v1/projects/${PROJECT}/files/seeds/${target}`, await fs.readFile(path.join(seedsDir, seed), 'utf8'), { 'content-type': 'text/csv' });

async function runToEnd(body: Record<string, unknown>): Promise<{ run: Json; steps: Record<string, Json> }> {
  const started = await ok('POST', '/v1/model-runs', { project_name: PROJECT, ...body }, 201);
  const run = await waitFor(async () => {
    const now = await ok('GET', `/v1/model-runs/${started.id}`);
    return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(now.status) ? now : undefined;
  }, `run ${started.id}`);
  const list = await ok('GET', `/v1/model-runs/${run.id}/steps?max_results=1000`);
  return { run, steps: Object.fromEntries(list.data.map((s: Json) => [s.model_name, s])) };
}

/** One text per table: its rows, each as DuckDB prints a row, sorted; the same digest on both sides. */
const digestOf = (relation: string) => `SELECT count(*)::INTEGER AS n, md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR), '')) AS digest FROM ${relation} t`;
const relation = (name: string) => `"${PROJECT}"."${PROJECT}"."${name}"`;

async function served(sql: string): Promise<unknown[][]> {
  return (await ok('POST', '/v1/query', { sql, project_name: PROJECT })).rows;
}

/** A fresh DuckDB that runs each step's compiled SELECT itself, in step order, with the project's macros. */
async function directDuckDb(steps: Json[], filesDir: string): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  await duck.run(`ATTACH ':memory:' AS ${PROJECT}`);
  await duck.run(`CREATE SCHEMA ${PROJECT}.${PROJECT}`);
  await duck.run(`SET file_search_path = '${filesDir}'`);
  for (const m of MACROS) {
    await duck.run(`CREATE MACRO ${m.name}(${m.parameters.join(', ')}) AS ${m.macro_type === 'TABLE' ? `TABLE ${m.body}` : `(${m.body})`}`);
  }
  for (const step of steps) {
    const name = step.model_name.split('.')[1];
    const kind = MODELS.find((m) => m.name === name)!.materialization === 'VIEW' ? 'VIEW' : 'TABLE';
    await duck.run(`CREATE ${kind} ${relation(name)} AS ${step.compiled_sql}`);
  }
  return duck;
}

before(async () => {
  server = await startTestServer();
  for (const seed of SEEDS) assert.equal((await upload(seed, seed)).status, 201);
  await ok('PUT', `/v1/projects/${PROJECT}/settings`, SETTINGS);
  for (const macro of MACROS) await ok('POST', '/v1/macros', macro, 201);
  for (const model of MODELS) await ok('POST', '/v1/models', { project_name: PROJECT, ...model }, 201);
  for (const test of TESTS) await ok('POST', `/v1/models/${PROJECT}/${test.model}/tests`, test.body, 201);
});
after(() => server.close());

describe('a Data Platform project built through /v1', () => {
  let first: { run: Json; steps: Record<string, Json> };

  it('builds every model but the ephemeral one, fails the contract with its diff, and tests as the platform does', async () => {
    first = await runToEnd({});
    assert.equal(first.run.status, 'FAILED', 'a contract and a test fail');
    const built = MODELS.filter((m) => m.materialization !== 'EPHEMERAL').map((m) => `${PROJECT}.${m.name}`);
    assert.deepEqual(Object.keys(first.steps).sort(), built.sort(), 'one step per model, none for the ephemeral one');
    const contract = first.steps[`${PROJECT}.customer_contract`];
    assert.equal(contract.status, 'FAILED');
    for (const part of ['lifetime_value', 'VARCHAR', 'segment']) assert.ok(contract.error_message.includes(part), `the diff names ${part}: ${contract.error_message}`);
    for (const [name, step] of Object.entries(first.steps)) if (name !== `${PROJECT}.customer_contract`) assert.equal(step.status, 'SUCCESS', `${name}: ${step.error_message}`);

    for (const test of TESTS) {
      const step = first.steps[`${PROJECT}.${test.model}`];
      const results = await ok('GET', `/v1/model-runs/${first.run.id}/steps/${step.id}/test-results`);
      const result = results.data.find((r: Json) => r.test_name === test.body.name);
      assert.equal(result?.status, test.expect, `${test.body.name}: ${JSON.stringify(result)}`);
    }
  });

  it('records what each template used, inlines the ephemeral model and keeps its lineage', async () => {
    const payments = first.steps[`${PROJECT}.stg_payments`];
    assert.deepEqual(payments.macros_used, ['cents_to_dollars']);
    assert.deepEqual(payments.depends_on, ['source:raw.payments']);
    assert.deepEqual(first.steps[`${PROJECT}.order_statuses`].macros_used, ['accepted_statuses'], 'a macro called from SQL counts too');
    assert.deepEqual(first.steps[`${PROJECT}.big_orders`].vars_used, ['big_order_threshold']);
    const orderPayments = first.steps[`${PROJECT}.order_payments`];
    assert.ok(orderPayments.depends_on.includes(`${PROJECT}.payment_methods`), JSON.stringify(orderPayments.depends_on));
    assert.match(orderPayments.compiled_sql, /payment_methods/);
    assert.doesNotMatch(orderPayments.compiled_sql, /\{\{|\{%/);
    const manifest = JSON.parse(first.run.compile_manifest);
    assert.ok(manifest.models.some((m: Json) => m.model_name === `${PROJECT}.stg_payments` && m.compiled_hash === payments.compiled_hash));
    const impact = await ok('GET', '/v1/macros/cents_to_dollars/impact');
    assert.ok(impact.data.some((m: Json) => m.model_name === `${PROJECT}.stg_payments`), JSON.stringify(impact.data));
  });

  it('builds tables equal to DuckDB running the rendered SQL directly', async () => {
    const ordered = Object.values(first.steps)
      .filter((s) => s.status === 'SUCCESS')
      .sort((a, b) => a.tier - b.tier || a.model_name.localeCompare(b.model_name));
    const duck = await directDuckDb(ordered, path.join(server.config.dataDir, 'files', PROJECT));
    try {
      for (const step of ordered) {
        const name = step.model_name.split('.')[1];
        const [expected] = (await duck.runAndReadAll(digestOf(relation(name)))).getRows();
        const [actual] = await served(digestOf(relation(name)));
        assert.deepEqual(actual, expected, `${name} differs from DuckDB running its SQL`);
        assert.ok(Number(expected![0]) > 0, `${name} has rows`);
      }
    } finally {
      duck.closeSync();
    }
  });

  it('builds incrementally: merge on unique_key, append without, then a full refresh rebuilds', async () => {
    assert.equal((await upload('orders.csv', 'orders_more.csv')).status, 200, 'the orders source now holds newer rows');
    const second = await runToEnd({ model_names: ['orders_snapshot', 'order_events'] });
    assert.equal(second.run.status, 'SUCCESS', second.run.error_message);
    assert.deepEqual(Object.keys(second.steps).sort(), [`${PROJECT}.order_events`, `${PROJECT}.orders_snapshot`]);
    assert.match(second.steps[`${PROJECT}.orders_snapshot`].compiled_sql, /max\(updated_at\)/, 'is_incremental() was true');

    const both = `(SELECT * FROM read_csv('${path.join(seedsDir, 'orders.csv')}') UNION ALL SELECT * FROM read_csv('${path.join(seedsDir, 'orders_more.csv')}'))`;
    const instance = await DuckDBInstance.create(':memory:');
    const duck = await instance.connect();
    try {
      const latest = `(SELECT id AS order_id, user_id AS customer_id, status, updated_at FROM ${both} QUALIFY row_number() OVER (PARTITION BY id ORDER BY updated_at DESC) = 1)`;
      const events = `(SELECT id AS order_id, status, updated_at FROM ${both})`;
      assert.deepEqual(await served(digestOf(relation('orders_snapshot'))), (await duck.runAndReadAll(digestOf(latest))).getRows(), 'merged: one row per order, the newest');
      assert.deepEqual(await served(digestOf(relation('order_events'))), (await duck.runAndReadAll(digestOf(events))).getRows(), 'appended: every version');
      assert.deepEqual(await served(`SELECT status FROM ${relation('orders_snapshot')} WHERE order_id = 6`), [['shipped']]);
    } finally {
      duck.closeSync();
    }

    const rebuilt = await runToEnd({ model_names: ['orders_snapshot'], full_refresh: true });
    assert.equal(rebuilt.run.status, 'SUCCESS', rebuilt.run.error_message);
    assert.doesNotMatch(rebuilt.steps[`${PROJECT}.orders_snapshot`].compiled_sql, /max\(updated_at\)/, 'a full refresh is no increment');
    assert.deepEqual(await served(`SELECT count(*)::INTEGER FROM ${relation('orders_snapshot')}`), [[3]], 'rebuilt from the source as it is now');
  });

  it('selects by tag, passes trigger vars to var(), and selects what changed with state:modified', async () => {
    const marts = await runToEnd({ model_names: ['tag:mart'], vars: { big_order_threshold: 1000 } });
    assert.equal(marts.run.status, 'SUCCESS', marts.run.error_message);
    const mart = MODELS.filter((m) => m.tags?.includes('mart')).map((m) => `${PROJECT}.${m.name}`);
    assert.deepEqual(Object.keys(marts.steps).sort(), mart.sort());
    assert.match(marts.steps[`${PROJECT}.big_orders`].compiled_sql, /1000/);
    assert.deepEqual(await served(`SELECT count(*)::INTEGER FROM ${relation('big_orders')}`), [[0]]);

    await ok('PATCH', `/v1/models/${PROJECT}/recent_orders`, { sql: "SELECT order_id, order_date FROM orders WHERE order_date >= DATE '{{ var(\"since\", \"2026-02-10\") }}'" });
    const modified = await runToEnd({ model_names: ['state:modified'] });
    assert.ok(modified.steps[`${PROJECT}.recent_orders`], 'the edited model is selected');
    for (const unchanged of ['stg_customers', 'orders', 'customers', 'order_statuses']) assert.equal(modified.steps[`${PROJECT}.${unchanged}`], undefined, `${unchanged} did not change`);
  });
});

// The test project must stay what it claims to be.
describe('the test project', () => {
  it('has at least 12 models, sources, vars, two macros and every test type', async () => {
    assert.ok(MODELS.length >= 12);
    assert.equal(MACROS.length, 2);
    assert.ok(Object.keys(SETTINGS.sources).length > 0 && Object.keys(SETTINGS.vars).length > 0);
    const types = new Set(TESTS.map((t) => t.body.test_type));
    assert.deepEqual([...types].sort(), ['accepted_values', 'custom_sql', 'not_null', 'relationships', 'unique']);
  });
});
