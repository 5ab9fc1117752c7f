// `runledger backup` while `runledger serve` holds the embedded store (the backup goes through the server), and
// while nothing does (the command opens the store itself); `runledger restore` into a fresh data directory, and
// a server started there answers as the first did: runs, lineage, a triggered run and its steps, the warehouse
// it built, the project files, and the same credentials. The embedded store is what these commands are for;
// on PostgreSQL they point to pg_dump and pg_restore.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, serveCli, stopCli, type CliProcess } from '../helpers/cli.js';
import { modelRuns } from '../helpers/model-runs.js';
import { buildProvenaWorld, create } from '../helpers/provena-fixtures.js';
import type { Reply, TestServer } from '../helpers/server.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'runledger-backup-'));
const running: CliProcess[] = [];
after(async () => {
  for (const proc of running) await stopCli(proc);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const password = randomBytes(12).toString('base64url');
const dirs = { served: path.join(scratch, 'served'), restored: path.join(scratch, 'restored'), again: path.join(scratch, 'again') };
const serverEnv = (dataDir: string) => ({ RUNLEDGER_DATA_DIR: dataDir, RUNLEDGER_ADMIN_PASSWORD: password, RUNLEDGER_RATE_LIMIT: '0' });

/** A CLI-started server spoken to as the test helpers expect, with the given credentials. */
function client(url: string, dataDir: string, headers: Record<string, string>): TestServer {
  const request = async (method: string, route: string, body?: unknown, extra: Record<string, string> = {}): Promise<Reply> => {
    const text = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    const res = await fetch(url + route, {
      method,
      headers: { ...headers, ...(text !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
      ...(text !== undefined ? { body: text } : {}),
    });
    const raw = await res.text();
    let parsed: unknown = raw;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return { url, request, config: { dataDir } } as unknown as TestServer;
}

async function serve(dataDir: string): Promise<CliProcess & { url: string }> {
  const proc = await serveCli(serverEnv(dataDir));
  running.push(proc);
  return proc;
}

async function login(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin', password }) });
  assert.equal(res.status, 200, await res.clone().text());
  return { authorization: `Bearer ${((await res.json()) as { access_token: string }).access_token}` };
}

/** What the API answers about the data: the answers a restored store must give again. */
async function answers(api: TestServer, ids: { output: string; input: string; run: string; triggered: string }) {
  const get = async (route: string, body?: unknown) => {
    const res = await api.request(body === undefined ? 'GET' : 'POST', route, body);
    assert.equal(res.status, 200, `${route}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    runs: await get('/model-runs?max_results=100'),
    run: await get(`/model-runs/${ids.run}`),
    prov: await get(`/registry/model-runs/${ids.run}`),
    upstream: await get(`/explore/upstream?starting_id=${ids.output}&depth=4`),
    downstream: await get(`/explore/downstream?starting_id=${ids.input}&depth=4`),
    triggered: await get(`/model-runs/${ids.triggered}`),
    steps: await get(`/model-runs/${ids.triggered}/steps`),
    table: await get('/v1/query', { project_name: 'shop', sql: 'SELECT * FROM orders ORDER BY id' }),
    // tar keeps a file's modification time to the second.
    files: (await get('/v1/projects/shop/files')).data.map((f: { updated_at: string }) => ({ ...f, updated_at: f.updated_at.replace(/\.\d+Z$/, 'Z') })),
  };
}

const cli = async (args: string[], env: Record<string, string>) => {
  const proc = runCli(args, env);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
};

describe('runledger backup and restore', { skip: process.env.DATABASE_URL ? 'the embedded store (on PostgreSQL the commands point to pg_dump; see the PostgreSQL case below)' : false }, () => {
  it('backs up while serving, restores into a fresh data directory, and the restored store answers the same', async () => {
    const first = await serve(dirs.served);
    const admin = client(first.url, dirs.served, await login(first.url));
    const world = await buildProvenaWorld(admin);
    const middle = await create(admin, 'datasets', { display_name: 'Middle' });
    const lodge = async (input: string, output: string, name: string) => {
      const io = (id: string, template: string) => ({ dataset_template_id: template, dataset_id: id, dataset_type: 'DATA_STORE', ...(template === world.inputTemplate ? { resources: { config: 'c' } } : {}) });
      const res = await admin.request('POST', '/model_run/register_complete', world.record({ display_name: name, inputs: [io(input, world.inputTemplate)], outputs: [io(output, world.outputTemplate)] }));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.record_info.id as string;
    };
    await lodge(world.inputDataset, middle, 'first');
    const run = await lodge(middle, world.outputDataset, 'second');
    const models = modelRuns(admin);
    await models.writeFile('shop', 'seeds/orders.csv', 'id,amount\n1,10\n2,5\n');
    await models.model('shop', 'orders', "SELECT * FROM read_csv('seeds/orders.csv')", { materialization: 'TABLE' });
    const triggered = await models.run({ project_name: 'shop' });
    assert.equal(triggered.run.status, 'SUCCESS', triggered.run.error_message);
    const key = await admin.request('POST', '/api-keys', { name: 'backup', role: 'admin' });
    assert.equal(key.status, 201);
    const ids = { output: world.outputDataset, input: world.inputDataset, run, triggered: triggered.run.id as string };
    const before = await answers(admin, ids);
    assert.ok(before.runs.data.length >= 3 && before.upstream.graph.nodes.length >= 5, 'runs and lineage to compare');

    const file = path.join(scratch, 'served.tar.gz');
    const env = { RUNLEDGER_DATA_DIR: dirs.served };
    const keyless = await cli(['backup', file], env);
    assert.equal(keyless.code, 2, keyless.stderr);
    assert.match(keyless.stderr, /in use by a running server: a backup through it needs an admin's credentials: set RUNLEDGER_API_KEY/);
    const wrongKey = await cli(['backup', file], { ...env, RUNLEDGER_URL: first.url, RUNLEDGER_API_KEY: 'nope' });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /refused the backup \(401\)/);
    assert.equal(fs.existsSync(file), false, 'a refused backup leaves no file');

    const taken = await cli(['backup', file], { ...env, RUNLEDGER_URL: first.url, RUNLEDGER_API_KEY: key.body.key });
    assert.equal(taken.code, 0, taken.stderr);
    assert.equal((await cli(['backup', file], { ...env, RUNLEDGER_URL: first.url, RUNLEDGER_API_KEY: key.body.key })).code, 2, 'never over a file');

    const intoServed = await cli(['restore', file], env);
    assert.equal(intoServed.code, 1);
    assert.match(intoServed.stderr, /restore writes into an empty data directory only, and .*served holds/);
    const restored = await cli(['restore', file], { RUNLEDGER_DATA_DIR: dirs.restored });
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored the backup of .* \(1 warehouses, 1 files\)/);
    await stopCli(first);

    const second = await serve(dirs.restored);
    const sameKey = client(second.url, dirs.restored, { 'x-api-key': key.body.key });
    assert.deepEqual(await answers(sameKey, ids), before);
    await login(second.url); // the same admin password
    await stopCli(second);

    // With no server on it, the command opens the store itself.
    const offline = path.join(scratch, 'offline.tar.gz');
    const direct = await cli(['backup', offline], { RUNLEDGER_DATA_DIR: dirs.restored });
    assert.equal(direct.code, 0, direct.stderr);
    assert.match(direct.stdout, /backed up .* \(1 warehouses, 1 files\)/);
    assert.equal((await cli(['restore', offline], { RUNLEDGER_DATA_DIR: dirs.again })).code, 0);
    const third = await serve(dirs.again);
    assert.deepEqual(await answers(client(third.url, dirs.again, await login(third.url)), ids), before);
  });

  it('refuses what is not a backup, and leaves no data directory behind', async () => {
    const notBackup = path.join(scratch, 'not-a-backup.tar.gz');
    fs.writeFileSync(notBackup, 'hello');
    const target = path.join(scratch, 'never');
    const result = await cli(['restore', notBackup], { RUNLEDGER_DATA_DIR: target });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot be read as a runledger backup/);
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(fs.readdirSync(scratch).filter((name) => name.includes('.restoring-')), []);
  });
});

describe('runledger backup on PostgreSQL', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL' }, () => {
  it('points to pg_dump and pg_restore rather than taking a partial backup', async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL!, RUNLEDGER_DATA_DIR: path.join(scratch, 'pg') };
    for (const args of [['backup', path.join(scratch, 'pg.tar.gz')], ['restore', path.join(scratch, 'pg.tar.gz')]]) {
      const result = await cli(args, env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /pg_dump -Fc.*pg_restore/);
    }
  });
});
