import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ env: { RUNLEDGER_RATE_LIMIT: '5' } });
});
after(() => server.close());

describe('rate limits', () => {
  it('counts per credential, with headers on every response and 429 past the limit', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await server.requestAs('reader', 'GET', '/registry/persons');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), '5');
      assert.equal(res.headers.get('x-ratelimit-remaining'), String(5 - i));
      assert.ok(Number(res.headers.get('x-ratelimit-reset')) > 0);
    }
    const limited = await server.requestAs('reader', 'GET', '/registry/persons');
    assert.equal(limited.status, 429);
    assert.match(limited.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(limited.body.error_code, 'RL_RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After is set');

    const writer = await server.requestAs('writer', 'GET', '/registry/persons');
    assert.equal(writer.status, 200, 'another credential has its own budget');
  });

  it('counts refused credentials per IP too, with the headers on every 401 and 404', async () => {
    // The test helper's start-up login already spent one anonymous request of this IP's 5.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await server.requestAs('anonymous', 'GET', '/registry/persons', undefined, { 'x-api-key': `rl_guess${i}` });
      statuses.push(res.status);
      assert.ok(res.headers.get('x-ratelimit-limit'), `headers on a ${res.status}`);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429], 'guessing keys is limited');
    const missing = await server.requestAs('writer', 'GET', '/no/such/route');
    assert.equal(missing.status, 404);
    assert.ok(missing.headers.get('x-ratelimit-remaining'), 'a 404 carries the headers');
  });
});

describe('rate limits shared through Redis', () => {
  const redisUrl = process.env.RUNLEDGER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

  async function redisAnswers(): Promise<boolean> {
    const { Redis } = await import('ioredis');
    const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }

  it('holds one limit across two server processes', async (t) => {
    if (!(await redisAnswers())) {
      if (process.env.CI) assert.fail(`Redis is not reachable at ${redisUrl}`);
      return t.skip(`no Redis at ${redisUrl}`);
    }
    const env = { RUNLEDGER_RATE_LIMIT: '5', RUNLEDGER_REDIS_URL: redisUrl, RUNLEDGER_RATE_LIMIT_NAMESPACE: `rl-test-${Date.now()}-${Math.random()}:` };
    // One after the other: an embedded store's migrations hold this process's event loop, and a Redis command
    // of the other server left waiting meanwhile would time out and count that server's calls locally.
    const a = await startTestServer({ env });
    const b = await startTestServer({ env }).catch(async (error: unknown) => {
      await a.close();
      throw error;
    });
    try {
      // Anonymous calls count per IP; /health is open but still limited.
      const statuses = [];
      for (const server of [a, b, a, b, a, b]) statuses.push((await server.requestAs('anonymous', 'GET', '/health')).status);
      // Each server's start-up login used one anonymous call (POST /token) from this IP as well.
      assert.equal(statuses.filter((s) => s === 429).length, statuses.length - 3, `statuses ${statuses.join(',')}`);
      assert.equal(statuses.at(-1), 429);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
