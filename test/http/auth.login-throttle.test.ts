import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface TokenReply {
  status: number;
  retryAfter: string | undefined;
  contentType: string | undefined;
  body: any;
}

const WINDOW_SECONDS = 900;
const PASSWORD = 'a long enough passphrase';

// The whole 127/8 block is loopback, so binding the client side to 127.0.0.2 gives the server a second
// client address without trusting X-Forwarded-For.
function token(server: TestServer, username: string, password: string, from = '127.0.0.1'): Promise<TokenReply> {
  const form = new URLSearchParams({ grant_type: 'password', username, password }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/token',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            contentType: res.headers['content-type'],
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

async function createUser(server: TestServer, username: string): Promise<void> {
  const res = await server.request('POST', '/users', { username, password: PASSWORD, role: 'reader' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

function assertThrottled(reply: TokenReply, message: string): void {
  assert.equal(reply.status, 429, `${message}: ${JSON.stringify(reply.body)}`);
  assert.match(reply.contentType ?? '', /application\/problem\+json/);
  assert.equal(reply.body.error_code, 'RL_LOGIN_THROTTLED');
  const seconds = Number(reply.retryAfter);
  assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= WINDOW_SECONDS, `Retry-After ${reply.retryAfter} is within the window`);
}

describe('failed logins per username', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      env: { RUNLEDGER_LOGIN_FAILURES: '3', RUNLEDGER_LOGIN_FAILURES_PER_IP: '100', RUNLEDGER_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) },
    });
    for (const name of ['alice', 'bob', 'carol', 'dave']) await createUser(server, name);
  });
  after(() => server.close());

  it('refuses a username past its limit even with the right password, from any address; others log in', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await token(server, 'alice', `wrong guess ${i}`)).status, 401);
    assertThrottled(await token(server, 'alice', PASSWORD), 'the right password during the lockout');
    assertThrottled(await token(server, 'alice', PASSWORD, '127.0.0.2'), 'the lockout holds from another address');
    assert.equal((await token(server, 'bob', PASSWORD)).status, 200, 'another user from the same address');
    assert.equal((await token(server, 'bob', PASSWORD, '127.0.0.2')).status, 200, 'another user from another address');
  });

  it('throttles unknown usernames alike, so a 429 does not tell which users exist', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await token(server, 'nobody', `guess ${i}`)).status, 401);
    assertThrottled(await token(server, 'nobody', 'guess 3'), 'an unknown username');
  });

  it('forgives a username’s failures once it logs in', async () => {
    const statuses = [];
    for (const password of ['wrong 1', 'wrong 2', PASSWORD, 'wrong 3', 'wrong 4', PASSWORD]) {
      statuses.push((await token(server, 'carol', password)).status);
    }
    assert.deepEqual(statuses, [401, 401, 200, 401, 401, 200]);
  });

  it('lets through exactly the limit of a burst of parallel guesses', async () => {
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => token(server, 'dave', `parallel guess ${i}`)));
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });
});

describe('failed logins per address', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      env: { RUNLEDGER_LOGIN_FAILURES: '100', RUNLEDGER_LOGIN_FAILURES_PER_IP: '3', RUNLEDGER_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) },
    });
  });
  after(() => server.close());

  it('refuses an address that failed across many usernames, while other addresses log in', async () => {
    for (const name of ['u1', 'u2', 'u3']) assert.equal((await token(server, name, 'a sprayed password')).status, 401);
    assertThrottled(await token(server, 'admin', server.adminPassword), 'the right password from a throttled address');
    assert.equal((await token(server, 'admin', server.adminPassword, '127.0.0.2')).status, 200, 'the same user from another address');
  });
});
