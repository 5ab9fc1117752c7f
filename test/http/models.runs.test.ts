import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  const files = path.join(server.config.dataDir, 'files', 'shop');
  await fs.mkdir(files, { recursive: true });
  await fs.writeFile(path.join(files, 'orders.csv'), 'id,customer,amount\n1,a,10\n2,b,5\n3,a,7\n4,c,1\n');
});
after(() => server.close());

async function model(name: string, sql: string, materialization = 'TABLE', project = 'shop') {
  const res = await server.request('POST', '/models', { project_name: project, name, sql, materialization });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
async function addTest(modelName: string, body: Record<string, unknown>) {
  const res = await server.request('POST', `/models/shop/${modelName}/tests`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
async function finished(runId: string) {
  return waitFor(async () => {
    const res = await server.request('GET', `/model-runs/${runId}`);
    return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(res.body.status) ? res.body : undefined;
  }, `run ${runId} to finish`);
}
async function trigger(body: Record<string, unknown>) {
  const res = await server.request('POST', '/model-runs', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
const steps = async (runId: string) => (await server.request('GET', `/model-runs/${runId}/steps`)).body.data;

describe('SQL models on DuckDB', () => {
  let failingTestId: string;

  it('derives dependencies with DuckDB’s parser and serves the DAG', async () => {
    await model('raw_orders', "SELECT * FROM read_csv('orders.csv')");
    await model('customers', 'SELECT DISTINCT customer FROM raw_orders', 'VIEW');
    const totals = await model('order_totals', 'WITH t AS (SELECT customer, amount FROM shop.raw_orders) SELECT customer, sum(amount) AS total FROM t GROUP BY customer');
    assert.deepEqual(totals.depends_on, ['shop.raw_orders'], 'the CTE name is not a dependency; shop.raw_orders is');
    const report = await model('report', 'SELECT c.customer, t.total FROM customers c JOIN order_totals t USING (customer)');
    assert.deepEqual(report.depends_on, ['shop.customers', 'shop.order_totals']);
    const dag = await server.request('GET', '/models/dag?project_name=shop');
    const names = dag.body.tiers.map((t: any) => t.nodes.map((n: any) => n.model_name));
    assert.deepEqual(names, [['raw_orders'], ['customers', 'order_totals'], ['report']]);

    await addTest('raw_orders', { name: 'customer present', test_type: 'not_null', column: 'customer' });
    await addTest('customers', { name: 'customer unique', test_type: 'unique', column: 'customer' });
    failingTestId = (await addTest('order_totals', { name: 'known customers', test_type: 'accepted_values', column: 'customer', config: { values: ['a', 'b'] } })).id;
    await addTest('report', { name: 'customer exists', test_type: 'relationships', column: 'customer', config: { to_model: 'customers', to_column: 'customer' } });
    await addTest('report', { name: 'positive totals', test_type: 'custom_sql', config: { custom_sql: 'SELECT * FROM report WHERE total <= 0' } });
    // custom_sql resolves files as model SQL does: every order's customer made it into the report.
    await addTest('report', {
      name: 'no lost customer',
      test_type: 'custom_sql',
      config: { custom_sql: "SELECT customer FROM read_csv('orders.csv') EXCEPT SELECT customer FROM shop.report" },
    });
  });

  it('refuses a cycle, naming it, and SQL that does not parse', async () => {
    const cycle = await server.request('PATCH', '/models/shop/raw_orders', { sql: 'SELECT * FROM report' });
    assert.equal(cycle.status, 400);
    assert.equal(cycle.body.error_code, 'RL_MODEL_CYCLE');
    assert.match(cycle.body.detail, /cycle: .*→/);
    for (const name of ['raw_orders', 'report']) assert.ok(cycle.body.detail.includes(name), `the cycle names ${name}`);
    const bad = await server.request('POST', '/models', { project_name: 'shop', name: 'broken', sql: 'SELEC 1' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'RL_SQL_INVALID');
    assert.match(bad.body.detail, /syntax error/);
    const two = await server.request('POST', '/models', { project_name: 'shop', name: 'two', sql: 'SELECT 1; SELECT 2' });
    assert.equal(two.body.error_code, 'RL_SQL_INVALID');
    const dag = await server.request('GET', '/models/dag?project_name=shop');
    assert.equal(dag.body.tiers.flatMap((t: any) => t.nodes).length, 4, 'nothing was stored');
  });

  it('runs a diamond in order: a failing test fails the run and skips what is downstream', async () => {
    const run = await trigger({ project_name: 'shop' });
    assert.equal(run.status, 'PENDING');
    const pending = await steps(run.id);
    assert.equal(pending.length, 4, 'steps exist from the moment the run is compiled');
    const done = await finished(run.id);
    assert.equal(done.status, 'FAILED');
    assert.match(done.error_message, /order_totals/);

    const list = await steps(run.id);
    assert.deepEqual(list.map((s: any) => s.model_name), ['shop.raw_orders', 'shop.customers', 'shop.order_totals', 'shop.report'], 'qualified, as the platform names them');
    const page1 = (await server.request('GET', `/model-runs/${run.id}/steps?max_results=3`)).body;
    const page2 = (await server.request('GET', `/model-runs/${run.id}/steps?max_results=3&page_token=${page1.next_page_token}`)).body;
    assert.deepEqual([...page1.data, ...page2.data].map((s: any) => s.id), list.map((s: any) => s.id), 'steps page in order');
    assert.equal(page2.next_page_token, undefined);
    assert.deepEqual(list.map((s: any) => s.status), ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SKIPPED']);
    const [raw, , totals] = list;
    assert.equal(raw.rows_affected, 4);
    assert.match(raw.compiled_hash, /^sha256:[0-9a-f]{64}$/);
    assert.match(raw.compiled_sql, /^SELECT \* FROM read_csv\('orders.csv'\)$/, 'the SELECT, no DDL, the file as written');
    assert.deepEqual(totals.depends_on, ['shop.raw_orders']);
    assert.equal(raw.depends_on, undefined, 'absent when empty');
    assert.ok(Date.parse(raw.finished_at) <= Date.parse(totals.started_at), 'dependency order');

    const results = (await server.request('GET', `/model-runs/${run.id}/steps/${totals.id}/test-results`)).body.data;
    assert.deepEqual(results.map((r: any) => [r.test_name, r.status, r.rows_returned]), [['known customers', 'FAIL', 1]]);
    const rawResults = (await server.request('GET', `/model-runs/${run.id}/steps/${raw.id}/test-results`)).body.data;
    assert.deepEqual(rawResults.map((r: any) => r.status), ['PASS']);
  });

  it('succeeds once the failing test is gone, and the table’s lineage reaches its source file', async () => {
    assert.equal((await server.request('DELETE', `/models/shop/order_totals/tests/${failingTestId}`)).status, 204);
    const run = await trigger({ project_name: 'shop' });
    const done = await finished(run.id);
    assert.equal(done.status, 'SUCCESS', done.error_message);
    const list = await steps(run.id);
    const report = list.find((s: any) => s.model_name === 'shop.report');
    assert.equal(report.status, 'SUCCESS');
    assert.equal(report.rows_affected, 3);
    const reportTests = (await server.request('GET', `/model-runs/${run.id}/steps/${report.id}/test-results`)).body.data;
    assert.deepEqual(reportTests.map((r: any) => [r.test_name, r.status]), [['customer exists', 'PASS'], ['no lost customer', 'PASS'], ['positive totals', 'PASS']]);

    const up = await server.request('GET', `/explore/upstream?starting_id=${report.output_entity_id}&depth=10`);
    assert.equal(up.status, 200);
    const nodes = up.body.graph.nodes;
    const file = nodes.find((n: any) => n.item_subtype === 'FILE');
    assert.equal(file?.display_name, 'orders.csv');
    assert.ok(nodes.some((n: any) => n.id === run.id), 'the run is upstream of its table');
    const raw = list.find((s: any) => s.model_name === 'shop.raw_orders');
    assert.ok(up.body.graph.links.some((l: any) => l.source === raw.output_entity_id && l.target === file.id && l.type === 'wasDerivedFrom'));
  });

  it('selects +name with its upstream and name+ with its downstream', async () => {
    const up = await trigger({ project_name: 'shop', model_names: ['+order_totals'] });
    assert.deepEqual((await steps(up.id)).map((s: any) => s.model_name), ['shop.raw_orders', 'shop.order_totals']);
    const down = await trigger({ project_name: 'shop', model_names: ['customers+'] });
    assert.deepEqual((await steps(down.id)).map((s: any) => s.model_name), ['shop.customers', 'shop.report']);
    const unknown = await server.request('POST', '/model-runs', { project_name: 'shop', model_names: ['nope'] });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.detail, /nope/);
    await finished(up.id);
    await finished(down.id);
  });

  it('keeps files outside the project folder out of reach', async () => {
    await model('escape', "SELECT * FROM read_csv('/etc/passwd')", 'TABLE', 'jail');
    const run = await trigger({ project_name: 'jail' });
    const done = await finished(run.id);
    assert.equal(done.status, 'FAILED');
    const [step] = await steps(run.id);
    assert.match(step.error_message, /Permission Error|disabled by configuration/);
  });

  it('cancels a long query in flight, and refuses to cancel a finished run', async () => {
    await model('slow', 'SELECT sum(i) AS s FROM range(100000000000) t(i)', 'TABLE', 'slowp');
    const run = await trigger({ project_name: 'slowp' });
    await waitFor(async () => ((await steps(run.id))[0].status === 'RUNNING' ? true : undefined), 'the slow step to start');
    const cancelled = await server.request('POST', `/model-runs/${run.id}/cancel`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'CANCELLED');
    assert.match(cancelled.body.error_message, /cancelled by admin/);
    assert.deepEqual((await steps(run.id)).map((s: any) => s.status), ['CANCELLED']);

    // The worker lets go of the project: a new run of it starts and is cancelled while PENDING or RUNNING.
    const next = await trigger({ project_name: 'slowp' });
    await waitFor(async () => ((await steps(next.id))[0].status === 'RUNNING' ? true : undefined), 'the next run to start');
    assert.equal((await server.request('POST', `/model-runs/${next.id}/cancel`)).body.status, 'CANCELLED');

    const again = await server.request('POST', `/model-runs/${run.id}/cancel`);
    assert.equal(again.status, 400);
    assert.match(again.body.detail, /cannot cancel run in status CANCELLED/);
    assert.equal((await server.request('POST', '/model-runs/00000000-0000-7000-8000-000000000000/cancel')).status, 404);
  });
});
