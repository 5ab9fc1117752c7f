// The model resource as the DuckDB Data Platform's clients send and read it: its members (absent when
// unset, never null), PATCH as `duck apply` sends it, the name rules, and model tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const config = { unique_key: ['id'], incremental_strategy: 'merge', on_schema_change: 'fail' };
const contract = { enforce: true, columns: [{ name: 'id', type: 'INTEGER', nullable: false }] };
const freshness = { max_lag_seconds: 3600, cron_schedule: '0 * * * *' };

async function create(body: Record<string, unknown>) {
  const res = await server.request('POST', '/models', { project_name: 'res', sql: 'SELECT 1 AS id', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
const get = async (project: string, name: string) => (await server.request('GET', `/models/${project}/${encodeURIComponent(name)}`)).body;

describe('the model resource', () => {
  it('returns the platform’s Model: what is unset is absent, not null', async () => {
    const bare = await create({ name: 'bare' });
    assert.equal(bare.materialization, 'VIEW');
    assert.equal(bare.owner, 'admin', 'the creating principal');
    assert.equal(typeof bare.created_by, 'string');
    assert.deepEqual([bare.description, bare.tags, bare.depends_on], ['', [], []]);
    for (const member of ['config', 'contract', 'freshness_policy']) assert.ok(!(member in bare), `${member} is absent`);
    assert.ok(!Object.values(bare).includes(null), JSON.stringify(bare));

    const full = await create({ name: 'full', materialization: 'INCREMENTAL', tags: ['nightly'], config, contract, freshness_policy: freshness });
    assert.deepEqual([full.materialization, full.config, full.contract, full.freshness_policy], ['INCREMENTAL', config, contract, freshness]);
    const read = await get('res', 'full');
    assert.deepEqual(read, full);
    assert.ok((await server.request('GET', '/models?project_name=res')).body.data.every((m: any) => !Object.values(m).includes(null)));
    assert.equal((await create({ name: 'eph', materialization: 'EPHEMERAL' })).materialization, 'EPHEMERAL');
  });

  it('takes PATCH as duck apply sends it: null clears description, tags, config, contract and freshness_policy', async () => {
    await create({ name: 'applied', description: 'first', tags: ['a'], config, contract, freshness_policy: freshness });
    // What `duck apply` sends for a model whose spec has no tags, config, contract or freshness.
    const res = await server.request('PATCH', '/models/res/applied', {
      sql: 'SELECT 2 AS id',
      materialization: 'TABLE',
      description: '',
      tags: null,
      config: null,
      contract: null,
      freshness_policy: null,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.sql, res.body.materialization, res.body.description, res.body.tags], ['SELECT 2 AS id', 'TABLE', '', []]);
    for (const member of ['config', 'contract', 'freshness_policy']) assert.ok(!(member in res.body), `${member} is cleared`);
    assert.deepEqual(await get('res', 'applied'), res.body);

    const described = await server.request('PATCH', '/models/res/applied', { description: 'again', config: { unique_key: ['id'] } });
    assert.deepEqual([described.body.description, described.body.config], ['again', { unique_key: ['id'] }]);
    const cleared = await server.request('PATCH', '/models/res/applied', { description: null });
    assert.deepEqual([cleared.body.description, cleared.body.config], ['', { unique_key: ['id'] }], 'a field left out stays');
  });

  it('accepts an empty PATCH, and refuses null for sql or materialization, which cannot be cleared', async () => {
    const created = await create({ name: 'kept', tags: ['t'] });
    const empty = await server.request('PATCH', '/models/res/kept', {});
    assert.equal(empty.status, 200, JSON.stringify(empty.body));
    assert.deepEqual([empty.body.sql, empty.body.tags], [created.sql, ['t']]);
    for (const field of ['sql', 'materialization']) {
      const res = await server.request('PATCH', '/models/res/kept', { [field]: null, description: 'not applied' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error_code, 'RL_VALIDATION');
      assert.ok(res.body.errors.some((e: any) => e.field === field), JSON.stringify(res.body));
    }
    assert.equal((await get('res', 'kept')).description, '', 'nothing changed');
  });
});

describe('model names', () => {
  async function refused(project_name: string, name: string, detail: RegExp) {
    const res = await server.request('POST', '/models', { project_name, name, sql: 'SELECT 1' });
    assert.equal(res.status, 400, `${JSON.stringify(project_name)}/${JSON.stringify(name)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error_code, 'RL_VALIDATION');
    assert.match(res.body.detail, detail);
  }

  it('follows the platform’s rules: a project is one word, a model name starts with a non-space', async () => {
    await refused('two words', 'm', /project_name/);
    await refused('p', ' m', /name/);
    await refused('p', 'x'.repeat(256), /name/);
    await refused('p'.repeat(256), 'm', /project_name/);
    const spaced = await create({ name: 'daily orders' });
    assert.equal((await get('res', 'daily orders')).id, spaced.id);
  });

  it('refuses what would break a qualified name or the warehouse file', async () => {
    await refused('a.b', 'm', /project_name "a\.b": must not contain "\."/);
    await refused('p', 'a.b', /name "a\.b": must not contain "\."/);
    await refused('a/b', 'm', /project_name "a\/b": must not contain "\/"/);
    await refused('a\\b', 'm', /project_name/);
    await refused('a\u0001b', 'm', /control characters/);
  });

  it('refuses the catalog names DuckDB reserves, in any case, naming the project', async () => {
    for (const project of ['main', 'system', 'temp', 'memory', 'information_schema', 'pg_catalog', 'Main', 'TEMP']) {
      await refused(project, 'm', new RegExp(`project_name "${project}": DuckDB reserves this catalog name`));
    }
    assert.deepEqual((await server.request('GET', '/models?project_name=main')).body.data, [], 'nothing was stored');
  });
});

describe('model tests', () => {
  const addTest = (model: string, body: Record<string, unknown>) => server.request('POST', `/models/res/${model}/tests`, body);

  it('returns the platform’s ModelTest: values as strings, no column or config when it has none', async () => {
    await create({ name: 'tested' });
    const notNull = await addTest('tested', { name: 'id present', test_type: 'not_null', column: 'id' });
    assert.equal(notNull.status, 201, JSON.stringify(notNull.body));
    assert.equal(notNull.body.column, 'id');
    assert.ok(!('config' in notNull.body), 'no config');
    const values = await addTest('tested', { name: 'known ids', test_type: 'accepted_values', column: 'id', config: { values: [1, 2.5, true, 'x'] } });
    assert.deepEqual(values.body.config, { values: ['1', '2.5', 'true', 'x'] });
    const custom = await addTest('tested', { name: 'no negatives', test_type: 'custom_sql', config: { custom_sql: 'SELECT 1 WHERE false' } });
    assert.ok(!('column' in custom.body), 'no column');
    const list = (await server.request('GET', '/models/res/tested/tests')).body.data;
    assert.deepEqual(list.map((t: any) => t.name), ['id present', 'known ids', 'no negatives']);
    assert.ok(list.every((t: any) => !Object.values(t).includes(null)));
  });

  it('answers 409 to a second test of the same name on a model', async () => {
    await create({ name: 'twice' });
    assert.equal((await addTest('twice', { name: 'unique id', test_type: 'unique', column: 'id' })).status, 201);
    const again = await addTest('twice', { name: 'unique id', test_type: 'not_null', column: 'id' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error_code, 'RL_CONFLICT');
    assert.match(again.body.detail, /res\.twice.*unique id/);
    assert.equal((await addTest('tested', { name: 'unique id', test_type: 'unique', column: 'id' })).status, 201, 'another model may use the name');
    assert.equal((await server.request('GET', '/models/res/twice/tests')).body.data.length, 1);
  });
});
