// /v1/macros refuses what the platform refuses, and what DuckDB would not define, with a 400 naming the
// field, and stores nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function macroRows(): Promise<{ macros: number; revisions: number }> {
  const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(server.ctx.db)).rows[0]!.n);
  return { macros: await count('macros'), revisions: await count('macro_revisions') };
}

async function refused(body: unknown, errorCode: string, detail: RegExp, method = 'POST', path = '/v1/macros') {
  const before = await macroRows();
  const res = await server.request(method, path, body);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error_code, errorCode);
  assert.match(res.body.detail, detail);
  assert.deepEqual(await macroRows(), before, 'nothing stored');
  return res.body;
}

describe('/v1/macros validation', () => {
  it('refuses values outside the platform’s vocabularies, naming the field', async () => {
    await refused({ name: 'm', body: '1', macro_type: 'AGGREGATE' }, 'RL_VALIDATION', /macro_type/);
    await refused({ name: 'm', body: '1', visibility: 'public' }, 'RL_VALIDATION', /visibility/);
    await refused({ name: 'm', body: '1', status: 'RETIRED' }, 'RL_VALIDATION', /status/);
    await refused({ name: 'm' }, 'RL_VALIDATION', /body/);
    await refused({ name: 'm', body: '' }, 'RL_VALIDATION', /body/);
    await refused({ name: 'm', body: '1', colour: 'red' }, 'RL_VALIDATION', /colour/);
    await refused({ name: 'm', body: '1', tags: ['ok', ' leading space'] }, 'RL_VALIDATION', /tags/);
  });

  it('refuses names and parameters a model could not call', async () => {
    await refused({ name: 'to-dollars', body: '1' }, 'RL_VALIDATION', /name/);
    await refused({ name: '1st', body: '1' }, 'RL_VALIDATION', /name/);
    await refused({ name: 'm', parameters: ['a b'], body: '1' }, 'RL_VALIDATION', /parameters/);
    await refused({ name: 'm', parameters: ['a', 'a'], body: 'a' }, 'RL_VALIDATION', /parameters/);
    const keyword = await refused({ name: 'select', body: '1' }, 'RL_VALIDATION', /name: "select" is a DuckDB keyword/);
    assert.match(keyword.detail, /cannot call it/);
    await refused({ name: 'ref', parameters: ['m'], body: 'm' }, 'RL_VALIDATION', /name: "ref" means something else in a model template/);
    await refused({ name: 'Config', body: '1' }, 'RL_VALIDATION', /"Config" means something else/);
  });

  it('refuses the name of a DuckDB built-in function, whatever its case', async () => {
    await refused({ name: 'upper', parameters: ['s'], body: 's' }, 'RL_VALIDATION', /name: "upper" is a DuckDB built-in function/);
    await refused({ name: 'SUM', parameters: ['x'], body: 'x' }, 'RL_VALIDATION', /"SUM" is a DuckDB built-in/);
    await refused({ name: 'read_csv', macro_type: 'TABLE', body: 'SELECT 1' }, 'RL_VALIDATION', /built-in/);
  });

  it('answers DuckDB’s own message for a body it does not accept', async () => {
    await refused({ name: 'broken', parameters: ['a'], body: 'a +' }, 'RL_MACRO_INVALID', /^body: Parser Error: syntax error/);
    await refused({ name: 'unknown_fn', parameters: ['a'], body: 'no_such_function(a)' }, 'RL_MACRO_INVALID', /no_such_function does not exist/);
    await refused({ name: 'unbound', parameters: ['a'], body: 'a + b' }, 'RL_MACRO_INVALID', /Binder Error: .*"b"/);
    await refused({ name: 'bad_type', parameters: ['a'], body: 'a::no_such_type' }, 'RL_MACRO_INVALID', /no_such_type does not exist/);
    await refused({ name: 'not_select', macro_type: 'TABLE', body: 'DELETE FROM t' }, 'RL_MACRO_INVALID', /Parser Error/);
  });

  it('refuses a body that would end the statement and start another', async () => {
    await refused({ name: 'sneaky', parameters: ['a'], body: "a); CREATE TABLE pwned AS SELECT 1; SELECT (1" }, 'RL_MACRO_INVALID', /not several statements/);
    await refused({ name: 'sneaky_table', macro_type: 'TABLE', body: 'SELECT 1; DROP TABLE x' }, 'RL_MACRO_INVALID', /one SELECT, not several statements/);
  });

  it('accepts a macro that calls another, and a table macro over the warehouse’s tables and files', async () => {
    assert.equal((await server.request('POST', '/v1/macros', { name: 'cents', parameters: ['c'], body: 'c / 100.0' })).status, 201);
    const calling = await server.request('POST', '/v1/macros', { name: 'dollars_text', parameters: ['c'], body: "printf('$%.2f', cents(c))" });
    assert.equal(calling.status, 201, JSON.stringify(calling.body));
    // The model tables and uploaded files exist only in the project's warehouse, where a run defines macros.
    const overTable = await server.request('POST', '/v1/macros', { name: 'big_orders', macro_type: 'TABLE', parameters: ['min_amount'], body: 'SELECT * FROM shop.orders WHERE amount >= min_amount' });
    assert.equal(overTable.status, 201, JSON.stringify(overTable.body));
    const commented = await server.request('POST', '/v1/macros', { name: 'commented', parameters: ['c'], body: 'c / 100.0 -- cents to dollars' });
    assert.equal(commented.status, 201, JSON.stringify(commented.body));
    const overFile = await server.request('POST', '/v1/macros', { name: 'raw_orders', macro_type: 'TABLE', body: "SELECT * FROM read_csv('seeds/orders.csv')" });
    assert.equal(overFile.status, 201, JSON.stringify(overFile.body));
  });

  it('checks an update as a create, and leaves the macro as it was when refused', async () => {
    assert.equal((await server.request('POST', '/v1/macros', { name: 'halve', parameters: ['x'], body: 'x / 2' })).status, 201);
    await refused({ body: 'x +' }, 'RL_MACRO_INVALID', /Parser Error/, 'PATCH', '/v1/macros/halve');
    await refused({ parameters: ['y'] }, 'RL_MACRO_INVALID', /"x"/, 'PATCH', '/v1/macros/halve');
    await refused({ body: null }, 'RL_VALIDATION', /body/, 'PATCH', '/v1/macros/halve');
    await refused({ status: null }, 'RL_VALIDATION', /status/, 'PATCH', '/v1/macros/halve');
    await refused({ macro_type: 'TABLE' }, 'RL_VALIDATION', /macro_type/, 'PATCH', '/v1/macros/halve');
    const kept = await server.request('GET', '/v1/macros/halve');
    assert.deepEqual([kept.body.body, kept.body.parameters], ['x / 2', ['x']]);
  });

  it('refuses diff versions out of range', async () => {
    assert.equal((await server.request('POST', '/v1/macros', { name: 'ranged', body: '1' })).status, 201);
    for (const query of ['from_version=0&to_version=1', 'from_version=1', 'from_version=a&to_version=1']) {
      const res = await server.request('GET', `/v1/macros/ranged/diff?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error_code, 'RL_VALIDATION');
    }
    const missing = await server.request('GET', '/v1/macros/ranged/diff?from_version=1&to_version=2');
    assert.equal(missing.status, 404);
    assert.match(missing.body.detail, /macro "ranged" has no version 2/);
  });
});
