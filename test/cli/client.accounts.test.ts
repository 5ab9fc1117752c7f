// `runledger users …` and `runledger api-keys …`, as an admin and as someone who is not one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clientCli, type ClientCli } from '../helpers/client-cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let cli: ClientCli;

before(async () => {
  server = await startTestServer();
  cli = await clientCli(server);
});
after(async () => {
  await cli.close();
  await server.close();
});

const token = async (username: string, password: string) =>
  server.requestAs('anonymous', 'POST', '/token', `grant_type=password&username=${username}&password=${encodeURIComponent(password)}`, {
    'content-type': 'application/x-www-form-urlencoded',
  });

describe('runledger users', () => {
  it('creates a user, changes their role, disables and enables them, by name', async () => {
    const created = await cli.run(['users', 'create', 'carol', '--role', 'writer', '--password-stdin'], { input: 'carol’s long passphrase\n' });
    assert.equal(created.code, 0, created.stderr);
    const id = created.stdout.trim();
    assert.equal((await token('carol', 'carol’s long passphrase')).status, 200);

    const role = await cli.run(['users', 'set-role', 'carol', 'reader']);
    assert.equal(role.stdout, `${id}  carol  reader\n`);
    const disabled = await cli.run(['users', 'disable', 'carol']);
    assert.equal(disabled.stdout, `${id}  carol  reader  disabled\n`);
    assert.equal((await token('carol', 'carol’s long passphrase')).status, 401);
    const enabled = await cli.run(['users', 'enable', id, '--json']);
    assert.equal(JSON.parse(enabled.stdout).disabled, false);

    const list = await cli.run(['users', 'list']);
    assert.match(list.stdout, /^ID\s+USERNAME\s+ROLE\s+DISABLED\s+CREATED$/m);
    assert.match(list.stdout, new RegExp(`^${id}  carol\\s+reader\\s+\\d{4}-`, 'm'));
    const json = JSON.parse((await cli.run(['users', 'list', '--json'])).stdout);
    assert.deepEqual(json.map((u: { username: string }) => u.username).sort(), ['admin', 'carol']);
  });

  it('names what is wrong: a short password, an unknown user, a role that is none', async () => {
    const short = await cli.run(['users', 'create', 'dave', '--role', 'reader', '--password-stdin'], { input: 'short\n' });
    assert.equal(short.code, 1);
    assert.match(short.stderr, /^runledger: .*password.*12/);
    const unknown = await cli.run(['users', 'disable', 'nobody']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'runledger: no user named "nobody"\n');
    const role = await cli.run(['users', 'set-role', 'carol', 'owner']);
    assert.equal(role.code, 2);
    const missing = await cli.run(['users', 'create', 'erin', '--password-stdin'], { input: 'a long enough password\n' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--role/);
  });
});

describe('runledger api-keys', () => {
  it('creates a key shown once, lists it without the key, and revokes it', async () => {
    const created = await cli.run(['api-keys', 'create', 'ci', '--role', 'writer']);
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    const id = /created API key (\S+)/.exec(created.stderr)?.[1];
    assert.ok(id);
    assert.equal((await server.request('GET', '/me', undefined, { 'x-api-key': key })).body.role, 'writer');

    const list = await cli.run(['api-keys', 'list']);
    assert.match(list.stdout, new RegExp(`^${id}  ci\\s+writer\\s+\\d{4}-`, 'm'));
    assert.ok(!list.stdout.includes(key));

    const revoked = await cli.run(['api-keys', 'revoke', id!]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await server.request('GET', '/me', undefined, { 'x-api-key': key })).status, 401);
    const json = JSON.parse((await cli.run(['api-keys', 'list', '--json'])).stdout);
    assert.ok(json.find((k: { id: string }) => k.id === id).revoked_at);
  });

  it('is refused to someone who is not an admin, with the server’s reason', async () => {
    const writer = server.credentials.writer['x-api-key']!;
    const res = await cli.run(['api-keys', 'list'], { env: { RUNLEDGER_TOKEN: '', RUNLEDGER_API_KEY: writer } });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^runledger: .*admin/);
    assert.equal(res.stderr.split('\n').length, 2);
  });
});
