// Read-only sessions beside runs: JSON values, the sandbox, the time limit, and who waits for whom, inside
// this process (the gate) and across processes (DuckDB's file lock).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDuckDbWarehouse, QueryTimeoutError, WarehouseBusyError, WarehouseMissingError, type Warehouse } from './warehouse.js';

let dataDir: string;
let warehouse: Warehouse;
before(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rl-readers-'));
  warehouse = createDuckDbWarehouse(dataDir, '256MB', { queryTimeoutMs: 200 });
  const run = await warehouse.open('shop', 'shop');
  await run.execute(`CREATE TABLE orders AS SELECT 1 AS id, 9007199254740993::BIGINT AS big, 12::BIGINT AS small,
    1.50::DECIMAL(10,2) AS price, 1.5::DECIMAL(38,10) AS wide, DATE '2025-01-15' AS day,
    TIMESTAMP '2025-01-15 10:00:00.5' AS at, TIMESTAMPTZ '2025-01-15 10:00:00+02' AS at_tz, [1, 2] AS list`);
  await run.close();
});
after(() => fs.rm(dataDir, { recursive: true, force: true }));

/** Resolves once every callback queued so far has run: what is still pending then is waiting on something. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a read-only session', () => {
  it('reads the project schema by bare names, with values as JSON that loses nothing', async () => {
    const session = await warehouse.openReadOnly('shop');
    try {
      const { columns, rows, truncated } = await session.query('SELECT * FROM orders');
      assert.deepEqual(columns.map((c) => c.name), ['id', 'big', 'small', 'price', 'wide', 'day', 'at', 'at_tz', 'list']);
      assert.deepEqual(rows, [[1, '9007199254740993', 12, 1.5, '1.5000000000', '2025-01-15', '2025-01-15T10:00:00.5', '2025-01-15T08:00:00Z', [1, 2]]]);
      assert.equal(truncated, false);
      const capped = await session.query('SELECT * FROM range(5000)', [], 2049);
      assert.equal(capped.rows.length, 2049);
      assert.equal(capped.truncated, true);
    } finally {
      await session.close();
    }
  });

  it('cannot write, nor read outside the files folder', async () => {
    const session = await warehouse.openReadOnly('shop');
    try {
      await assert.rejects(session.query('CREATE TABLE x AS SELECT 1'), /read-only/);
      await assert.rejects(session.query(`SELECT * FROM read_csv('${path.join(dataDir, 'secret.csv')}')`), /Permission Error|disabled by configuration/);
      await assert.rejects(session.query("SET enable_external_access = true"), /locked/i);
    } finally {
      await session.close();
    }
  });

  it('is interrupted at the time limit', async () => {
    const session = await warehouse.openReadOnly('shop');
    try {
      await assert.rejects(session.query('SELECT count(*) FROM range(1000000000) a, range(1000000000) b'), QueryTimeoutError);
      assert.deepEqual((await session.query('SELECT 42 AS n')).rows, [[42]]);
    } finally {
      await session.close();
    }
  });

  it('is refused before the project has a warehouse', async () => {
    await assert.rejects(warehouse.openReadOnly('empty'), WarehouseMissingError);
    assert.deepEqual(await warehouse.projects(), ['shop']);
  });
});

describe('readers and a run in one process', () => {
  it('refuses readers while a run holds the warehouse or waits for it, and the run waits for readers in hand', async () => {
    const run = await warehouse.open('shop', 'shop');
    await assert.rejects(warehouse.openReadOnly('shop'), WarehouseBusyError);
    await run.close();

    const reader = await warehouse.openReadOnly('shop');
    let opened = false;
    const next = warehouse.open('shop', 'shop').then((session) => {
      opened = true;
      return session;
    });
    await settle();
    assert.equal(opened, false, 'the run waits for the reader');
    await assert.rejects(warehouse.openReadOnly('shop'), WarehouseBusyError, 'a waiting run keeps new readers out');
    await reader.close();
    await (await next).close();
    await (await warehouse.openReadOnly('shop')).close();
  });
});

/** Another process holding the warehouse file until told to let go. */
async function holdInAnotherProcess(file: string, mode: 'READ_ONLY' | 'READ_WRITE') {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(file)}, { access_mode: '${mode}' });
    process.stdout.write('held\\n');
    process.stdin.once('data', () => { instance.closeSync(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return async () => {
    child.stdin.write('go\n');
    await once(child, 'exit');
  };
}

describe('readers and a run in different processes', () => {
  const file = () => path.join(dataDir, 'warehouses', 'shop.duckdb');

  it('answers a reader busy while another process writes', async () => {
    const release = await holdInAnotherProcess(file(), 'READ_WRITE');
    try {
      await assert.rejects(warehouse.openReadOnly('shop'), WarehouseBusyError);
    } finally {
      await release();
    }
  });

  it('lets a run wait for another process’s reader', async () => {
    let waiting: () => void = () => undefined;
    const waited = new Promise<void>((resolve) => (waiting = resolve));
    const patient = createDuckDbWarehouse(dataDir, '256MB', { queryTimeoutMs: 60_000, onLockWait: () => waiting() });
    const release = await holdInAnotherProcess(file(), 'READ_ONLY');
    const next = patient.open('shop', 'shop');
    await waited;
    await release();
    await (await next).close();
  });
});
