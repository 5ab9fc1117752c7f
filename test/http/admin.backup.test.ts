// POST /admin/backup: admins only; on the embedded store a .tar.gz that restores into a store holding the same
// data, on PostgreSQL a 409 pointing to pg_dump.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { list } from 'tar';
import { restoreBackup } from '../../src/services/backup/restore.js';
import { openStore } from '../../src/store/database.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'runledger-admin-backup-'));
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const backup = (headers: Record<string, string>) => fetch(`${server.url}/admin/backup`, { method: 'POST', headers });

describe('POST /admin/backup', () => {
  it('is for admins only', async () => {
    assert.equal((await backup({})).status, 401);
    for (const role of ['reader', 'writer'] as const) {
      const res = await backup(server.credentials[role]);
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { detail: string }).detail, /needs role admin/);
    }
  });

  it('is documented with its operationId, binary reply and errors', async () => {
    const doc = (await server.request('GET', '/openapi.json')).body;
    const op = doc.paths['/admin/backup'].post;
    assert.equal(op.operationId, 'createBackup');
    assert.equal(op.requestBody, undefined, 'it takes no body');
    assert.deepEqual(Object.keys(op.responses['200'].content), ['application/gzip']);
    for (const [status, response] of Object.entries(op.responses) as [string, { description: string }][]) {
      assert.ok(response.description && response.description !== 'Default Response', `${status} is described`);
    }
    assert.ok(op.responses['409'], 'the PostgreSQL refusal is documented');
  });

  it('streams a backup that restores into a store holding the same data (embedded store)', { skip: process.env.DATABASE_URL ? 'the embedded store' : false }, async () => {
    const world = await buildProvenaWorld(server);
    const lodged = await server.request('POST', '/model_run/register_complete', world.record());
    assert.equal(lodged.status, 200, JSON.stringify(lodged.body));

    const res = await backup(server.credentials.admin);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/gzip');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="runledger-backup-[\dT-]+Z\.tar\.gz"$/);
    const file = path.join(scratch, 'backup.tar.gz');
    fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    const entries: string[] = [];
    await list({ file, onReadEntry: (entry) => entries.push(entry.path) });
    assert.deepEqual(entries.slice(0, 2), ['runledger-backup.json', 'store.tar']);
    assert.ok(entries.includes('warehouses/'));
    // The server removes its staging folder once the reply has gone out.
    await waitFor(async () => (fs.readdirSync(server.config.dataDir).some((n) => n.startsWith('.backup-')) ? undefined : true), 'the staging folder to go');

    const dataDir = path.join(scratch, 'restored');
    const manifest = await restoreBackup(file, dataDir);
    assert.equal(manifest.store, 'embedded');
    const store = await openStore({ databaseUrl: undefined, embeddedDir: path.join(dataDir, 'store') });
    try {
      const { rows } = await sql<{ id: string }>`SELECT id FROM runs WHERE id = ${lodged.body.record_info.id}`.execute(store.db);
      assert.equal(rows.length, 1, 'the lodged run is in the restored store');
    } finally {
      await store.close();
    }
  });

  it('answers 409 naming pg_dump on PostgreSQL', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL' }, async () => {
    const res = await backup(server.credentials.admin);
    assert.equal(res.status, 409);
    const problem = (await res.json()) as { detail: string; error_code: string };
    assert.equal(problem.error_code, 'RL_CONFLICT');
    assert.match(problem.detail, /pg_dump/);
  });
});
