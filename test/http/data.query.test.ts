// POST /v1/query as the platform's executeQuery: one SELECT on a project's warehouse opened read-only, in the
// sandbox of a run, within the row cap and the time limit, and never waiting for a run that holds it.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createModels, runProject } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROW_LIMIT = 5;

// A run held before its first step executes: it then holds its project's warehouse.
let holding: { reached: () => void; released: Promise<void> } | undefined;

let server: TestServer;
before(async () => {
  server = await startTestServer({
    env: { RUNLEDGER_QUERY_ROW_LIMIT: String(ROW_LIMIT) },
    racepoints: {
      beforeStepExecute: async () => {
        const held = holding;
        holding = undefined;
        held?.reached();
        await held?.released;
      },
    },
  });
});
after(() => server.close());

async function build(s: TestServer, project: string, models: Record<string, string>) {
  await createModels(s, project, models);
  await runProject(s, project);
}
const query = (body: Record<string, unknown>, s = server) => s.requestAs('reader', 'POST', '/v1/query', body);

describe('POST /v1/query', () => {
  it('needs a project with a warehouse', async () => {
    const none = await query({ sql: 'SELECT 1' });
    assert.equal(none.status, 400);
    assert.match(none.body.detail, /project_name/);
    const missing = await query({ sql: 'SELECT 1', project_name: 'shop' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error_code, 'RL_NOT_FOUND');
  });

  it('answers columns, rows and row_count, with values as JSON that loses nothing', async () => {
    const upload = await fetch(`${server.url}/v1/projects/shop/files/seeds/orders.csv`, {
      method: 'PUT',
      headers: { ...server.credentials.writer, 'content-type': 'text/csv' },
      body: 'id,customer,amount\n1,a,10\n2,b,5\n3,a,7\n',
    });
    assert.equal(upload.status, 201);
    await build(server, 'shop', { orders: "SELECT * FROM read_csv('seeds/orders.csv')" });

    const res = await query({ sql: 'SELECT id, amount FROM orders ORDER BY id' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { columns: ['id', 'amount'], rows: [[1, 10], [2, 5], [3, 7]], row_count: 3, truncated: false });

    const values = await query({
      project_name: 'shop',
      sql: `SELECT 9007199254740993::BIGINT AS big, -12::BIGINT AS small, 1.25::DECIMAL(5,2) AS price, 2::DECIMAL(30,2) AS wide,
              DATE '2025-01-15' AS day, TIMESTAMP '2025-01-15 10:00:00' AS at, TIMESTAMPTZ '2025-01-15 10:00:00+02' AS at_tz,
              NULL AS nothing, {'k': [1, 2]} AS nested`,
    });
    assert.deepEqual(values.body.rows, [['9007199254740993', -12, 1.25, '2.00', '2025-01-15', '2025-01-15T10:00:00', '2025-01-15T08:00:00Z', null, { k: [1, 2] }]]);

    const file = await query({ sql: "SELECT count(*) AS n FROM read_csv('seeds/orders.csv')" });
    assert.deepEqual(file.body.rows, [[3]], 'relative paths resolve in the project files folder, as in models');
  });

  it('refuses anything but one SELECT, and changes nothing', async () => {
    for (const sql of [
      'CREATE TABLE x AS SELECT 1',
      'INSERT INTO orders VALUES (9, 9, 9)',
      'DROP TABLE orders',
      'SELECT 1; DROP TABLE orders',
      "COPY orders TO 'out.csv'",
      "ATTACH 'x.duckdb' AS x",
      'SET enable_external_access = true',
    ]) {
      const res = await query({ sql });
      assert.equal(res.status, 400, sql);
      assert.equal(res.body.error_code, 'RL_SQL_INVALID', sql);
    }
    assert.deepEqual((await query({ sql: 'SELECT count(*) FROM orders' })).body.rows, [[3]]);
  });

  it('reads files only from the project files folder, naming none of the server’s paths', async () => {
    await fs.writeFile(path.join(server.config.dataDir, 'secret.csv'), 'a\n1\n');
    const res = await query({ sql: "SELECT * FROM read_csv('../../secret.csv')" });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'RL_QUERY_FAILED');
    assert.ok(!JSON.stringify(res.body).includes(server.config.dataDir), res.body.detail);
  });

  it('holds at most the row cap, and says it cut the rows short', async () => {
    const res = await query({ sql: 'SELECT * FROM range(100) t(n) ORDER BY n' });
    assert.deepEqual(res.body, { columns: ['n'], rows: [[0], [1], [2], [3], [4]], row_count: ROW_LIMIT, truncated: true });
    const exact = await query({ sql: `SELECT * FROM range(${ROW_LIMIT})` });
    assert.equal(exact.body.truncated, false);
  });

  it('asks for project_name once several projects have a warehouse', async () => {
    await build(server, 'other', { one: 'SELECT 1 AS x' });
    const ambiguous = await query({ sql: 'SELECT 1' });
    assert.equal(ambiguous.status, 400);
    assert.match(ambiguous.body.detail, /project_name/);
    assert.deepEqual((await query({ sql: 'SELECT x FROM one', project_name: 'other' })).body.rows, [[1]]);
  });

  it('answers 409 with Retry-After at once while a run holds the warehouse', async () => {
    let reached!: () => void;
    const atStep = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    holding = { reached, released: new Promise<void>((resolve) => (release = resolve)) };
    const running = runProject(server, 'shop');
    await atStep;
    try {
      const busy = await query({ sql: 'SELECT 1', project_name: 'shop' });
      assert.equal(busy.status, 409, JSON.stringify(busy.body));
      assert.equal(busy.body.error_code, 'RL_WAREHOUSE_BUSY');
      assert.ok(Number(busy.headers.get('retry-after')) > 0);
      assert.equal((await query({ sql: 'SELECT 1', project_name: 'other' })).status, 200, 'other projects are not held');
    } finally {
      // Held, the run would keep the worker, and the server, from stopping.
      release();
      await running;
    }
    assert.equal((await query({ sql: 'SELECT 1', project_name: 'shop' })).status, 200);
  });
});

describe('POST /v1/query past the time limit', () => {
  let slow: TestServer;
  before(async () => {
    slow = await startTestServer({ env: { RUNLEDGER_QUERY_TIMEOUT_MS: '1000' } });
    await build(slow, 'shop', { one: 'SELECT 1 AS x' });
  });
  after(() => slow.close());

  it('interrupts the statement, answers 400, and serves the next query', async () => {
    const res = await query({ sql: 'SELECT count(*) FROM range(1000000000) a, range(1000000000) b' }, slow);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error_code, 'RL_QUERY_TIMEOUT');
    assert.deepEqual((await query({ sql: 'SELECT x FROM one' }, slow)).body.rows, [[1]]);
  });
});
