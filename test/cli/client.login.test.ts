// `runledger login`, the config file it writes, where credentials come from, and how the client says no.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clientCli, type ClientCli } from '../helpers/client-cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let cli: ClientCli;

before(async () => {
  server = await startTestServer();
  cli = await clientCli(server, { signedOut: true });
});
after(async () => {
  await cli.close();
  await server.close();
});

describe('runledger login', () => {
  it('signs in with a password from stdin and keeps the token in a config file only its owner can read', async () => {
    const login = await cli.run(['login', '--username', 'admin', '--password-stdin'], { input: `${server.adminPassword}\n` });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /signed in to http:\/\/127\.0\.0\.1:\d+ as admin \(admin\)/);

    const stat = await fs.stat(cli.configFile);
    assert.equal(stat.mode & 0o777, 0o600);
    assert.equal((await fs.stat(path.dirname(cli.configFile))).mode & 0o777, 0o700);
    const config = JSON.parse(await fs.readFile(cli.configFile, 'utf8'));
    assert.equal(config.url, server.url);
    assert.equal(config.username, 'admin');
    assert.ok(config.token && config.token_expires_at);
    assert.ok(!JSON.stringify(config).includes(server.adminPassword), 'the password itself is not kept');

    // The next command finds the server and the token in the file alone.
    const me = await cli.run(['users', 'list', '--json'], { env: { RUNLEDGER_URL: '' } });
    assert.equal(me.code, 0, me.stderr);
    assert.ok(JSON.parse(me.stdout).some((u: { username: string }) => u.username === 'admin'));
  });

  it('refuses a wrong password with the server’s reason on one line, exit status 1, and keeps the old file', async () => {
    const before = await fs.readFile(cli.configFile, 'utf8');
    const res = await cli.run(['login', '-u', 'admin', '--password-stdin'], { input: 'not the password\n' });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^runledger: .*(password|credentials)/i);
    assert.equal(res.stderr.trim().split('\n').length, 1);
    assert.equal(await fs.readFile(cli.configFile, 'utf8'), before);
  });

  it('keeps an API key instead, and the environment overrides the file', async () => {
    const key = (await server.request('POST', '/api-keys', { name: 'cli reader', role: 'reader' })).body.key as string;
    const other = await clientCli(server, { signedOut: true });
    try {
      const login = await other.run(['login', '--api-key-stdin'], { input: `${key}\n` });
      assert.equal(login.code, 0, login.stderr);
      assert.match(login.stderr, /as api-key:cli reader \(reader\)/);
      assert.equal(JSON.parse(await fs.readFile(other.configFile, 'utf8')).api_key, key);
      // A reader may list runs but not users: the 403's detail, one line, exit 1.
      assert.equal((await other.run(['runs', 'list'])).code, 0);
      const refused = await other.run(['users', 'list']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^runledger: \S.*\n$/);
      // RUNLEDGER_TOKEN (an admin's) wins over the file's key.
      const token = server.credentials.admin.authorization!.replace(/^Bearer /, '');
      assert.equal((await other.run(['users', 'list'], { env: { RUNLEDGER_TOKEN: token } })).code, 0);
      const logout = await other.run(['logout']);
      assert.equal(logout.code, 0);
      const signedOut = await other.run(['runs', 'list']);
      assert.equal(signedOut.code, 1);
      assert.match(signedOut.stderr, /runledger login/);
    } finally {
      await other.close();
    }
  });

  it('asks for the password only on a terminal: piped, without --password-stdin, it is a usage error', async () => {
    const res = await cli.run(['login', '-u', 'admin']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--password-stdin/);
  });
});

describe('the client’s errors', () => {
  it('says when the server cannot be reached', async () => {
    const res = await cli.run(['runs', 'list', '--url', 'http://127.0.0.1:9']);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^runledger: cannot reach the server at http:\/\/127\.0\.0\.1:9/);
  });

  it('ends a usage error with status 2', async () => {
    for (const args of [['runs', 'list', '--limit', 'many'], ['runs', 'list', '--status', 'DONE'], ['runs', 'get'], ['lineage', 'x', '--depth', '11'], ['runs', 'frobnicate']]) {
      const res = await cli.run(args);
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, /error/);
    }
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(await fs.readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const res = await cli.run(['--version']);
    assert.equal(res.code, 0);
    assert.equal(res.stdout.trim(), pkg.version);
  });
});
