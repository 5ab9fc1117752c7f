// Model SQL is a template when a model is created or changed: it is rendered (vars a run may still send
// render NULL), template faults name the model and line, and config() inside the SQL sets the model's fields.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveProjectSettings } from '../../src/store/model-projects.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  await saveProjectSettings(server.ctx.db, 'tpl', { vars: { min_amount: 5 }, sources: { 'raw.orders': { path: 'orders.csv' } } }, new Date());
});
after(() => server.close());

const post = (name: string, sql: string, extra: Record<string, unknown> = {}, project = 'tpl') =>
  server.request('POST', '/models', { project_name: project, name, sql, ...extra });
async function model(name: string, sql: string, extra: Record<string, unknown> = {}, project = 'tpl') {
  const res = await post(name, sql, extra, project);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

describe('model templates at create and update', () => {
  it('takes dependencies from ref() and source(), keeping the SQL as written', async () => {
    await model('orders', "SELECT * FROM {{ source('raw', 'orders') }} WHERE amount >= {{ var('min_amount') }}");
    await model('customers', 'SELECT 1 AS id', {}, 'crm');
    const sql = "SELECT o.*, c.id FROM {{ ref('orders') }} o JOIN {{ ref('crm', 'customers') }} c ON true";
    const joined = await model('joined', sql);
    assert.equal(joined.sql, sql);
    assert.deepEqual(joined.depends_on, ['crm.customers', 'tpl.orders']);
    assert.deepEqual((await server.request('GET', '/models/tpl/orders')).body.depends_on, ['source:raw.orders']);
  });

  it('refuses a template fault with 400, naming the model and line, and stores nothing', async () => {
    const unknown = await post('broken', "SELECT 1\nFROM {{ ref('a', 'b', 'c') }}");
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error_code, 'RL_TEMPLATE_INVALID');
    assert.match(unknown.body.detail, /^model tpl\.broken, line 2: ref\(\) takes a model name/);
    const syntax = await post('broken', 'SELECT 1\n{% if true %}\nAS x');
    assert.equal(syntax.status, 400);
    assert.match(syntax.body.detail, /^model tpl\.broken, line 2/);
    const patched = await server.request('PATCH', '/models/tpl/orders', { sql: "SELECT * FROM {{ source('only_one') }}" });
    assert.equal(patched.status, 400);
    assert.match(patched.body.detail, /^model tpl\.orders, line 1: source\(\) takes a source name and a table name/);
    assert.equal((await server.request('GET', '/models/tpl/broken')).status, 404);
  });

  it('accepts a ref() to a model not created yet, which becomes a dependency once it exists', async () => {
    const early = await model('early', "SELECT * FROM {{ ref('not_yet') }}");
    assert.deepEqual(early.depends_on, []);
    await model('not_yet', 'SELECT 1 AS id');
    assert.deepEqual((await server.request('GET', '/models/tpl/early')).body.depends_on, ['tpl.not_yet']);
  });

  it('renders a var without a value as NULL; SQL that then does not parse is no fault, SQL that never parses is', async () => {
    const later = await model('later', "SELECT * FROM {{ var('table_name') }} JOIN {{ ref('orders') }} USING (id)");
    assert.deepEqual(later.depends_on, ['tpl.orders'], 'what refs and sources name is what is known');
    const bad = await post('bad', "SELEC {{ var('min_amount') }}");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'RL_SQL_INVALID');
  });

  it('lets config() inside the SQL set materialization, tags and config, over the request', async () => {
    const sql = "{{ config(materialized='incremental', unique_key='id', tags=['nightly'], on_schema_change='fail', alias='ignored') }}SELECT 1 AS id";
    const configured = await model('configured', sql, { materialization: 'VIEW', tags: ['core'], config: { incremental_strategy: 'merge', unique_key: ['other'] } });
    assert.equal(configured.materialization, 'INCREMENTAL');
    assert.deepEqual(configured.tags, ['core', 'nightly']);
    assert.deepEqual(configured.config, { incremental_strategy: 'merge', unique_key: ['id'], on_schema_change: 'fail' });

    const kept = await server.request('PATCH', '/models/tpl/configured', { materialization: 'TABLE' });
    assert.equal(kept.body.materialization, 'INCREMENTAL', 'the file still says incremental');
    const plain = await server.request('PATCH', '/models/tpl/configured', { sql: 'SELECT 1 AS id', materialization: 'TABLE', tags: null, config: null });
    assert.deepEqual([plain.body.materialization, plain.body.tags, plain.body.config], ['TABLE', [], undefined]);

    const wrong = await post('wrong', "{{ config(materialized='snapshot') }}SELECT 1");
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error_code, 'RL_VALIDATION');
    assert.match(wrong.body.detail, /model tpl\.wrong: config\(materialized="snapshot"\) must be one of/);
  });
});
