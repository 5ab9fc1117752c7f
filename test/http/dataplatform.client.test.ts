// runledger driven as the DuckDB Data Platform's own clients drive it: the `duck` CLI's generated commands and
// `duck apply` (paths under /v1, `Accept: application/json`, Bearer or X-API-Key, bodies carrying only what
// they set, apply's PATCH with nulls, lists read with max_results=1000 page by page, cancel with no body).
// Every reply and every error is decoded with the platform's own schemas (test/fixtures/dataplatform).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertPlatformShape } from '../helpers/dataplatform-schemas.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

type Json = any;
let server: TestServer;
let bearer: Record<string, string>;
let apiKey: Record<string, string>;

/** As the CLI's client: the base URL plus /v1, JSON only when there is a body. */
async function call(method: string, path: string, body?: unknown, auth = bearer) {
  const headers: Record<string, string> = { accept: 'application/json', ...auth };
  const res = await fetch(`${server.url}/v1${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A 2xx decoded as the platform's `shape`. */
async function expect(shape: string, method: string, path: string, body?: unknown, status = 200, auth = bearer): Promise<Json> {
  const res = await call(method, path, body, auth);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  assertPlatformShape(shape, res.body);
  return res.body;
}

/** An error as the platform's clients decode it: `{code: <the status>, message: <non-empty text>}`. */
async function expectError(status: number, method: string, path: string, body?: unknown, auth = bearer): Promise<Json> {
  const res = await call(method, path, body, auth);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  assertPlatformShape('Error', res.body);
  assert.equal(res.body.code, status);
  return res.body;
}

/** `duck apply`'s fetchAllPages: max_results=1000, then page_token until none is given. */
async function allPages(shape: string, path: string): Promise<Json[]> {
  const items: Json[] = [];
  let token: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await expect(shape, 'GET', `${path}${sep}max_results=1000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
    items.push(...(page.data ?? []));
    token = page.next_page_token;
  } while (token);
  return items;
}

before(async () => {
  server = await startTestServer();
  bearer = server.credentials.admin;
  apiKey = server.credentials.writer;
  const csv = 'id,customer,amount,updated_at\n1,a,10,2026-01-01 10:00:00\n2,b,25,2026-01-02 10:00:00\n3,a,7,2026-01-03 10:00:00\n';
  assert.equal((await server.request('PUT', '/v1/projects/shop/files/seeds/orders.csv', csv, { 'content-type': 'text/csv' })).status, 201);
  await server.request('PUT', '/v1/projects/shop/settings', { vars: {}, sources: { 'raw.orders': { path: 'seeds/orders.csv', loaded_at_field: 'updated_at' } } });
});
after(() => server.close());

describe('the Data Platform CLI and duck apply against /v1', () => {
  let runId: string;

  it('creates, reads and lists models and the DAG as the CLI does', async () => {
    const create = { project_name: 'shop', name: 'stg_orders', sql: "SELECT * FROM {{ source('raw', 'orders') }}", materialization: 'VIEW', tags: ['staging'] };
    assertPlatformShape('CreateModelRequest', create);
    await expect('Model', 'POST', '/models', create, 201);
    const mart = await expect(
      'Model',
      'POST',
      '/models',
      {
        project_name: 'shop',
        name: 'totals',
        sql: "SELECT customer, sum(amount) AS total FROM {{ ref('stg_orders') }} GROUP BY customer",
        materialization: 'TABLE',
        description: 'Totals per customer',
        config: { on_schema_change: 'fail' },
        contract: { enforce: true, columns: [{ name: 'customer', type: 'VARCHAR', nullable: true }] },
        freshness_policy: { max_lag_seconds: 3600 },
      },
      201,
      apiKey,
    );
    assert.deepEqual(mart.depends_on, ['shop.stg_orders']);
    assert.equal(mart.freshness_policy.max_lag_seconds, 3600);
    const got = await expect('Model', 'GET', '/models/shop/totals');
    assert.equal(got.description, 'Totals per customer');
    const models = await allPages('PaginatedModels', '/models');
    assert.deepEqual(models.map((m) => m.name).sort(), ['stg_orders', 'totals']);
    const dag = await expect('ModelDAG', 'GET', '/models/dag');
    assert.deepEqual(
      dag.tiers.map((t: Json) => t.nodes.map((n: Json) => n.model_name)),
      [['stg_orders'], ['totals']],
    );
  });

  it('takes duck apply’s PATCH, whose unset members are null, and clears them', async () => {
    const patched = await expect('Model', 'PATCH', '/models/shop/totals', {
      sql: "SELECT customer, sum(amount) AS total, count(*) AS orders FROM {{ ref('stg_orders') }} GROUP BY customer",
      materialization: 'TABLE',
      description: '',
      tags: null,
      config: null,
      contract: null,
      freshness_policy: { max_lag_seconds: 60 },
    });
    for (const cleared of ['config', 'contract']) assert.equal(patched[cleared], undefined, `${cleared} is cleared`);
    assert.equal(patched.freshness_policy.max_lag_seconds, 60);
    await expectError(400, 'PATCH', '/models/shop/totals', { sql: null });
    await expectError(404, 'GET', '/models/shop/nope');
  });

  it('manages tests, triggers a run and reads it, its steps and test results', async () => {
    const test = { name: 'customer_not_null', test_type: 'not_null', column: 'customer' };
    assertPlatformShape('CreateModelTestRequest', test);
    await expect('ModelTest', 'POST', '/models/shop/totals/tests', test, 201);
    const gone = await expect('ModelTest', 'POST', '/models/shop/totals/tests', { name: 'temp', test_type: 'accepted_values', column: 'customer', config: { values: ['a', 'b'] } }, 201);
    const tests = await allPages('ModelTestList', '/models/shop/totals/tests');
    assert.deepEqual(tests.map((t) => t.name).sort(), ['customer_not_null', 'temp']);
    assert.equal((await call('DELETE', `/models/shop/totals/tests/${gone.id}`)).status, 204);
    await expectError(409, 'POST', '/models/shop/totals/tests', test);

    const trigger = { project_name: 'shop', model_names: ['+totals'], full_refresh: false };
    assertPlatformShape('TriggerModelRunRequest', trigger);
    const run = await expect('ModelRun', 'POST', '/model-runs', trigger, 201);
    runId = run.id;
    const done = await waitFor(async () => {
      const now = await expect('ModelRun', 'GET', `/model-runs/${runId}`);
      return now.status === 'SUCCESS' || now.status === 'FAILED' ? now : undefined;
    }, 'the run');
    assert.equal(done.status, 'SUCCESS', done.error_message);
    assert.equal(done.trigger_type, 'MANUAL');
    const runs = await allPages('PaginatedModelRuns', '/model-runs?status=SUCCESS');
    assert.ok(runs.some((r) => r.id === runId));
    const steps = (await expect('ModelRunStepList', 'GET', `/model-runs/${runId}/steps`)).data;
    assert.deepEqual(steps.map((s: Json) => s.model_name), ['shop.stg_orders', 'shop.totals']);
    const results = await expect('ModelTestResultList', 'GET', `/model-runs/${runId}/steps/${steps[1].id}/test-results`);
    assert.deepEqual(results.data.map((r: Json) => [r.test_name, r.status]), [['customer_not_null', 'PASS']]);
    const cancel = await expectError(400, 'POST', `/model-runs/${runId}/cancel`);
    assert.match(cancel.message, /SUCCESS/);
    await expectError(400, 'GET', '/model-runs?status=DONE');
  });

  it('answers freshness and read-only queries as the platform shapes them', async () => {
    const fresh = await expect('FreshnessStatus', 'GET', '/models/shop/totals/freshness');
    assert.equal(fresh.is_fresh, true);
    assert.equal(fresh.max_lag_seconds, 60);
    const source = await expect('SourceFreshnessStatus', 'GET', '/sources/raw/orders/freshness?max_lag_seconds=60');
    assert.equal(source.is_fresh, false, 'the seed’s newest row is months old');
    assert.equal(source.timestamp_column, 'updated_at');
    const query = { sql: 'SELECT customer, total FROM shop.shop.totals ORDER BY customer' };
    assertPlatformShape('QueryRequest', query);
    const result = await expect('QueryResult', 'POST', '/query', query);
    assert.deepEqual(result.columns, ['customer', 'total']);
    assert.deepEqual(result.rows, [['a', 17], ['b', 25]]);
    assert.equal(result.row_count, 2);
    await expectError(400, 'POST', '/query', { sql: 'DROP TABLE shop.shop.totals' });
  });

  it('manages macros: create, list, apply’s PATCH with nulls, revisions, diff, impact, delete', async () => {
    const create = { name: 'cents', body: 'x / 100.0', parameters: ['x'], macro_type: 'SCALAR', description: 'cents', tags: ['money'] };
    assertPlatformShape('CreateMacroRequest', create);
    await expect('Macro', 'POST', '/macros', create, 201);
    assert.ok((await allPages('PaginatedMacros', '/macros')).some((m) => m.name === 'cents'));
    const updated = await expect('Macro', 'PATCH', '/macros/cents', { body: 'x / 100', parameters: ['x'], description: '', properties: null, tags: null });
    assert.equal(updated.body, 'x / 100');
    assert.equal(updated.tags, undefined);
    const revisions = await expect('MacroRevisionList', 'GET', '/macros/cents/revisions');
    assert.deepEqual(revisions.data.map((r: Json) => r.version).sort(), [1, 2]);
    const diff = await expect('MacroRevisionDiff', 'GET', '/macros/cents/diff?from_version=1&to_version=2');
    assert.equal(diff.body_changed, true);
    await expect('MacroImpactList', 'GET', '/macros/cents/impact?max_results=1000');
    await expectError(400, 'GET', '/macros/cents/diff?from_version=1');
    assert.equal((await call('DELETE', '/macros/cents')).status, 204);
    await expectError(404, 'GET', '/macros/cents');
  });

  it('deletes a model with 204 and refuses what it does not know with the platform’s error', async () => {
    assert.equal((await call('DELETE', '/models/shop/totals')).status, 204);
    await expectError(404, 'DELETE', '/models/shop/totals');
    await expectError(401, 'GET', '/models', undefined, {});
  });
});
