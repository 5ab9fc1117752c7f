// The embedded pool on a real PGlite database in a temporary directory.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { EmbeddedPool } from './embedded-pool.js';
import { MAX_BIND_PARAMETERS, TooManyParametersError } from './parameter-limit.js';

let dir: string;
let pool: EmbeddedPool;
let db: Kysely<unknown>;
const reopened: string[] = [];

const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(',');

describe('embedded pool', () => {
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-pool-'));
    pool = await EmbeddedPool.open({ dataDir: path.join(dir, 'store'), onReopen: (reason) => reopened.push(reason) });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await sql`CREATE TABLE kept (n int)`.execute(db);
    await sql`INSERT INTO kept VALUES (1), (2)`.execute(db);
  });
  after(async () => {
    await db?.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a statement with more parameters than the store accepts, before sending it', async () => {
    const values = Array.from({ length: MAX_BIND_PARAMETERS + 1 }, (_, i) => i);
    await assert.rejects(
      sql`SELECT count(*) FROM kept WHERE n IN (${sql.join(values)})`.execute(db),
      (err: Error) => err instanceof TooManyParametersError && /32768 bind parameters/.test(err.message),
    );
    const rows = await sql<{ n: number }>`SELECT n FROM kept ORDER BY n`.execute(db);
    assert.deepEqual(rows.rows.map((r) => r.n), [1, 2]);
  });

  it('re-opens the database when its connection stops answering, keeping committed data', async () => {
    // Reach past the pool to break the connection the way an oversized statement did.
    const values = Array.from({ length: 40_000 }, (_, i) => i);
    await pool.client.query(`SELECT count(*) FROM kept WHERE n IN (${placeholders(values.length)})`, values);
    assert.deepEqual((await pool.client.query('SELECT 1 AS ok')).rows, [], 'the raw connection is desynchronised');

    assert.equal(await pool.check(), true);
    assert.equal(reopened.length, 1);
    const rows = await sql<{ n: number }>`SELECT n FROM kept ORDER BY n`.execute(db);
    assert.deepEqual(rows.rows.map((r) => r.n), [1, 2]);
  });

  it('leaves a healthy connection alone after an ordinary statement error, inside a transaction too', async () => {
    await assert.rejects(sql`SELECT no_such_column FROM kept`.execute(db));
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await sql`INSERT INTO kept VALUES (3)`.execute(tx);
        await sql`SELECT 1 / 0`.execute(tx);
      }),
    );
    assert.equal(reopened.length, 1, 'no further re-open');
    const rows = await sql<{ n: number }>`SELECT n FROM kept ORDER BY n`.execute(db);
    assert.deepEqual(rows.rows.map((r) => r.n), [1, 2], 'the failed transaction stored nothing');
  });
});
