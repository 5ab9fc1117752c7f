// A model's contract, enforced after its build: a failing one fails the step with the whole diff (missing
// columns, types, NULLs) and skips what is downstream; DuckDB's type aliases name the same types. And
// accepted_values compares in the column's type, as dbt does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { modelRuns } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let api: ReturnType<typeof modelRuns>;
before(async () => {
  server = await startTestServer();
  api = modelRuns(server);
});
after(() => server.close());

const enforced = (columns: { name: string; type: string; nullable?: boolean }[]) => ({ contract: { enforce: true, columns } });

describe('contracts', () => {
  it('fail the step after the build with every difference, and skip what is downstream', async () => {
    await api.model('con', 'typed', "SELECT 1::INTEGER AS id, 'a' AS name UNION ALL SELECT NULL, 'b'", {
      materialization: 'TABLE',
      ...enforced([
        { name: 'id', type: 'BIGINT', nullable: false },
        { name: 'name', type: 'VARCHAR' },
        { name: 'email', type: 'VARCHAR' },
      ]),
    });
    await api.model('con', 'downstream', "SELECT * FROM {{ ref('typed') }}", { materialization: 'VIEW' });
    const { run, steps } = await api.run({ project_name: 'con' });
    assert.equal(run.status, 'FAILED');
    const typed = steps['con.typed']!;
    assert.equal(typed.status, 'FAILED');
    assert.equal(
      typed.error_message,
      'contract of con.typed not met: column "id" is INTEGER, not BIGINT; column "id" is declared not nullable but 1 row(s) are NULL; column "email" is missing',
    );
    assert.equal(steps['con.downstream']!.status, 'SKIPPED');
  });

  it('pass when the relation holds them, aliases and nullability as DuckDB reads them', async () => {
    await api.model('con2', 'kept', "SELECT 1::BIGINT AS id, 'a' AS name, 1.5::DECIMAL(4,1) AS price, [1, 2] AS tags", {
      materialization: 'TABLE',
      ...enforced([
        { name: 'ID', type: 'int8', nullable: false },
        { name: 'name', type: 'TEXT' },
        { name: 'price', type: 'numeric(4, 1)' },
        { name: 'tags', type: 'INT[]' },
      ]),
    });
    await api.model('con2', 'as_view', 'SELECT 1 AS x', { materialization: 'VIEW', ...enforced([{ name: 'x', type: 'INTEGER', nullable: false }]) });
    await api.model('con2', 'unenforced', 'SELECT 1 AS x', { materialization: 'TABLE', contract: { enforce: false, columns: [{ name: 'y', type: 'INTEGER' }] } });
    const { run } = await api.run({ project_name: 'con2' });
    assert.equal(run.status, 'SUCCESS', run.error_message);
  });
});

describe('accepted_values', () => {
  it('compares a numeric column in its type: 10.0 is the accepted "10"', async () => {
    await api.model('av', 'amounts', 'SELECT 10.0::DOUBLE AS v, 2::INTEGER AS n UNION ALL SELECT 20, 3', { materialization: 'TABLE' });
    const tests = [
      { name: 'doubles as text', test_type: 'accepted_values', column: 'v', config: { values: ['10', '20'] } },
      { name: 'integers as numbers', test_type: 'accepted_values', column: 'n', config: { values: [2, 3] } },
      { name: 'one not accepted', test_type: 'accepted_values', column: 'v', config: { values: ['10'] } },
    ];
    for (const test of tests) assert.equal((await server.request('POST', '/models/av/amounts/tests', test)).status, 201);
    const { run, steps } = await api.run({ project_name: 'av' });
    assert.equal(run.status, 'FAILED');
    const results = (await server.request('GET', `/model-runs/${run.id}/steps/${steps['av.amounts']!.id}/test-results`)).body.data;
    assert.deepEqual(
      results.map((r: { test_name: string; status: string; rows_returned: number }) => [r.test_name, r.status, r.rows_returned]),
      [['doubles as text', 'PASS', 0], ['integers as numbers', 'PASS', 0], ['one not accepted', 'FAIL', 1]],
    );
  });
});
