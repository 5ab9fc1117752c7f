// Passwords can be changed: by their user (proving the current one), by an admin (PATCH /users/{id}), and by
// an operator locked out (`runledger admin reset-password`); a RUNLEDGER_ADMIN_PASSWORD the store does not
// use is said at start, with what to do.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, serveCli, stopCli, type CliProcess } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const login = (url: string, username: string, password: string) =>
  fetch(`${url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username, password }) });

describe('password changes over HTTP', () => {
  let server: TestServer;
  let userId: string;
  const first = 'first password 123';
  before(async () => {
    server = await startTestServer();
    const res = await server.request('POST', '/users', { username: 'ada', password: first, role: 'writer' });
    assert.equal(res.status, 201);
    userId = res.body.id;
  });
  after(() => server?.close());

  const tokenOf = async (password: string) => {
    const res = await login(server.url, 'ada', password);
    assert.equal(res.status, 200, `ada signs in with "${password}"`);
    return { authorization: `Bearer ${((await res.json()) as { access_token: string }).access_token}` };
  };

  test('a user changes their own password with the current one; the old one stops working', async () => {
    const auth = await tokenOf(first);
    const wrong = await server.request('POST', '/users/me/password', { current_password: 'not it at all', new_password: 'second password 456' }, auth);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.errors[0].field, 'current_password');
    assert.equal((await login(server.url, 'ada', first)).status, 200, 'a wrong current password changes nothing');

    const short = await server.request('POST', '/users/me/password', { current_password: first, new_password: 'short' }, auth);
    assert.equal(short.status, 400);
    assert.match(JSON.stringify(short.body), /new_password/);

    const ok = await server.request('POST', '/users/me/password', { current_password: first, new_password: 'second password 456' }, auth);
    assert.equal(ok.status, 204);
    assert.equal((await login(server.url, 'ada', first)).status, 401);
    await tokenOf('second password 456');
  });

  test('an API key has no password to change', async () => {
    const res = await server.requestAs('writer', 'POST', '/users/me/password', { current_password: 'whatever it is', new_password: 'third password 789' });
    assert.equal(res.status, 400);
    assert.match(res.body.detail, /API keys/);
  });

  test('an admin sets a user’s password; no one else may', async () => {
    const refused = await server.requestAs('writer', 'PATCH', `/users/${userId}`, { password: 'set by a writer 000' });
    assert.equal(refused.status, 403);
    const res = await server.request('PATCH', `/users/${userId}`, { password: 'set by the admin 111' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.password, undefined, 'a user view never holds a password');
    await tokenOf('set by the admin 111');
    const short = await server.request('PATCH', `/users/${userId}`, { password: 'short' });
    assert.equal(short.status, 400);
  });
});

describe('an operator locked out', () => {
  let dataDir: string;
  const running: CliProcess[] = [];
  before(async () => {
    dataDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-reset-')), 'data');
  });
  after(async () => {
    for (const proc of running) await stopCli(proc, 'SIGKILL');
    await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  test('a RUNLEDGER_ADMIN_PASSWORD the store does not use is said at start; reset-password makes it the password', async () => {
    const env = (password: string) => ({ RUNLEDGER_DATA_DIR: dataDir, RUNLEDGER_ADMIN_PASSWORD: password });
    const firstStart = await serveCli(env('the first password'));
    running.push(firstStart);
    assert.doesNotMatch(firstStart.stderr(), /already has another password/);
    await stopCli(firstStart);

    const second = await serveCli(env('change-me-now please'));
    running.push(second);
    assert.match(second.stderr(), /RUNLEDGER_ADMIN_PASSWORD is set, but user "admin" of this store already has another password/);
    assert.match(second.stderr(), /runledger admin reset-password admin/);
    assert.equal((await login(second.url, 'admin', 'change-me-now please')).status, 401);

    const whileServing = runCli(['admin', 'reset-password', 'admin', '--password-stdin'], { RUNLEDGER_DATA_DIR: dataDir }, 'change-me-now please\n');
    assert.equal(await whileServing.exited, 1, 'the embedded store is held by the server');
    assert.match(whileServing.stderr(), /locked|in use|holds/i);
    await stopCli(second);

    const reset = runCli(['admin', 'reset-password', 'admin', '--password-stdin'], { RUNLEDGER_DATA_DIR: dataDir }, 'change-me-now please\n');
    assert.equal(await reset.exited, 0, reset.stderr());
    assert.match(reset.stdout(), /password of "admin" is set/);

    const third = await serveCli(env('change-me-now please'));
    running.push(third);
    assert.doesNotMatch(third.stderr(), /already has another password/);
    assert.equal((await login(third.url, 'admin', 'change-me-now please')).status, 200);
    assert.equal((await login(third.url, 'admin', 'the first password')).status, 401);
    await stopCli(third);

    const generated = runCli(['admin', 'reset-password', 'admin'], { RUNLEDGER_DATA_DIR: dataDir });
    assert.equal(await generated.exited, 0, generated.stderr());
    const password = /is now: (\S+)/.exec(generated.stdout())?.[1];
    assert.ok(password && password.length >= 12, generated.stdout());
    const nobody = runCli(['admin', 'reset-password', 'nobody', '--password-stdin'], { RUNLEDGER_DATA_DIR: dataDir }, 'long enough password\n');
    assert.equal(await nobody.exited, 1);
    assert.match(nobody.stderr(), /no user "nobody"/);
    const tooShort = runCli(['admin', 'reset-password', 'admin', '--password-stdin'], { RUNLEDGER_DATA_DIR: dataDir }, 'short\n');
    assert.equal(await tooShort.exited, 2);

    const fourth = await serveCli({ RUNLEDGER_DATA_DIR: dataDir });
    running.push(fourth);
    assert.equal((await login(fourth.url, 'admin', password)).status, 200);
  });
});
