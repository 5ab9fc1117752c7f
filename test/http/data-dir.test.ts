// The embedded data directory as an operator meets it: private to its owner, owned by one process at a
// time, and the token signing key can be the operator's own instead of one kept in it.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, jwtVerify } from 'jose';
import { runCli, serveCli, stopCli, type CliProcess } from '../helpers/cli.js';
import { startTestServer } from '../helpers/server.js';

const password = 'a long enough passphrase';
let dataDir: string;
const running: CliProcess[] = [];

async function entries(dir: string) {
  const list = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(list.map(async (e) => ({ file: path.join(e.parentPath, e.name), dir: e.isDirectory(), mode: (await fs.lstat(path.join(e.parentPath, e.name))).mode & 0o777 })));
}

async function loginAndWrite(url: string): Promise<void> {
  const login = await fetch(`${url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin', password }) });
  assert.equal(login.status, 200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const res = await fetch(`${url}/registry/organisations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ display_name: 'Lab', name: 'Lab' }),
  });
  assert.equal(res.status, 201);
}

describe('the embedded data directory', () => {
  before(async () => {
    dataDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-datadir-')), 'data');
  });
  after(async () => {
    for (const proc of running) await stopCli(proc, 'SIGKILL');
    await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('is created private: no file or folder readable by other users', async () => {
    const server = await serveCli({ RUNLEDGER_DATA_DIR: dataDir, RUNLEDGER_ADMIN_PASSWORD: password });
    running.push(server);
    await loginAndWrite(server.url);
    await stopCli(server);
    const all = await entries(dataDir);
    assert.ok(all.length > 100, `the store wrote its files (${all.length})`);
    assert.deepEqual(all.filter((e) => e.mode & 0o077).map((e) => `${e.file} ${e.mode.toString(8)}`), []);
    assert.equal((await fs.stat(dataDir)).mode & 0o777, 0o700);
  });

  it('is made private again at start when an earlier start left it readable, with a warning', async () => {
    await fs.chmod(dataDir, 0o755);
    for (const e of await entries(dataDir)) await fs.chmod(e.file, e.dir ? 0o755 : 0o644);
    // Not runledger's: left as it is, behind the private folder.
    const foreign = path.join(dataDir, 'notes.txt');
    await fs.writeFile(foreign, 'mine', { mode: 0o644 });
    const server = await serveCli({ RUNLEDGER_DATA_DIR: dataDir });
    running.push(server);
    await stopCli(server);
    assert.match(server.stderr(), /made \d+ entries of .* private to their owner/);
    assert.deepEqual((await entries(dataDir)).filter((e) => e.mode & 0o077 && e.file !== foreign).map((e) => e.file), []);
    assert.equal((await fs.stat(foreign)).mode & 0o777, 0o644);
    assert.equal((await fs.stat(dataDir)).mode & 0o777, 0o700);
    await fs.rm(foreign);
  });

  it('admits one process: a second serve or migrate exits at once naming the holder, until it is gone', async () => {
    const first = await serveCli({ RUNLEDGER_DATA_DIR: dataDir });
    running.push(first);
    for (const args of [['serve'], ['migrate']]) {
      const second = runCli(args, { RUNLEDGER_DATA_DIR: dataDir });
      running.push(second);
      assert.equal(await second.exited, 1, `${args[0]}: ${second.stderr()}`);
      assert.match(second.stderr(), new RegExp(`in use by another runledger process \\(pid ${first.child.pid}\\)`));
    }
    // However the holder dies, the operating system drops its lock with it.
    await stopCli(first, 'SIGKILL');
    const next = await serveCli({ RUNLEDGER_DATA_DIR: dataDir });
    running.push(next);
    await loginAndWrite(next.url);
    await stopCli(next);
  });
});

describe('the token signing key', () => {
  it('refuses a short RUNLEDGER_JWT_SECRET with one line naming it, no stack trace', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-shortkey-'));
    try {
      const proc = runCli(['serve'], { RUNLEDGER_DATA_DIR: dir, RUNLEDGER_JWT_SECRET: 'too-short' });
      assert.equal(await proc.exited, 2);
      assert.equal(proc.stderr().trim(), 'runledger: the token signing key in RUNLEDGER_JWT_SECRET must be at least 32 characters');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('is the operator’s RUNLEDGER_JWT_SECRET when set, and the store holds none of it', async () => {
    const secret = 'operator-chosen-signing-key-of-at-least-32-chars';
    const server = await startTestServer({ env: { RUNLEDGER_JWT_SECRET: secret } });
    try {
      const token = server.credentials.admin.authorization!.replace('Bearer ', '');
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret));
      assert.equal(payload.username, 'admin');
      const stored = await server.ctx.db.selectFrom('settings').selectAll().execute();
      assert.deepEqual(stored.filter((s) => /jwt/.test(s.key)), [], 'no key in the store');
      // A token signed with any other key is refused.
      const forged = await new SignJWT({ username: 'admin', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject(String(payload.sub)).setIssuer('runledger').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(48)));
      assert.equal((await server.request('GET', '/users', undefined, { authorization: `Bearer ${forged}` })).status, 401);
    } finally {
      await server.close();
    }
  });
});
