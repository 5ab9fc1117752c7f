// /health is liveness only; /ready asks the store and Redis. A Redis outage must not take the API down:
// rate limiting falls back to each process's own counters and uses Redis again when it returns.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitFor } from '../helpers/wait.js';

const redisUrl = new URL(process.env.RUNLEDGER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ env });
  cleanups.push(() => server.close());
  return server;
}

async function proxyTo(host: string, port: number): Promise<TcpProxy> {
  const proxy = await startTcpProxy(host, port);
  cleanups.push(() => proxy.close());
  return proxy;
}

async function servesReadsAndWrites(server: TestServer): Promise<void> {
  const write = await server.requestAs('writer', 'POST', '/registry/organisations', { display_name: 'Lab', name: 'Lab' });
  assert.equal(write.status, 201, JSON.stringify(write.body));
  assert.ok(write.headers.get('x-ratelimit-remaining'), 'still rate limited');
  const read = await server.requestAs('reader', 'GET', `/registry/organisations/${write.body.id}`);
  assert.equal(read.status, 200);
}

describe('health and readiness', () => {
  it('answers /health and /ready to anyone while the store answers', async () => {
    const server = await serverWith({});
    const health = await server.requestAs('anonymous', 'GET', '/health');
    assert.deepEqual([health.status, health.body], [200, { status: 'ok' }]);
    const ready = await server.requestAs('anonymous', 'GET', '/ready');
    assert.deepEqual([ready.status, ready.body], [200, { status: 'ready', checks: { store: 'ok' } }]);
  });

  it('keeps serving through a Redis outage, /ready naming Redis, and shares counters again after it', async () => {
    const proxy = await proxyTo(redisUrl.hostname, Number(redisUrl.port || 6379));
    const namespace = `rl-ready-${process.pid}-${Date.now()}:`;
    const server = await serverWith({
      RUNLEDGER_RATE_LIMIT: '1000',
      RUNLEDGER_REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      RUNLEDGER_RATE_LIMIT_NAMESPACE: namespace,
    });
    const direct = new Redis(redisUrl.toString(), { lazyConnect: true });
    cleanups.push(async () => void direct.disconnect());
    const sharedKeys = async () => (await direct.keys(`${namespace}*`)).length;

    assert.deepEqual((await server.requestAs('anonymous', 'GET', '/ready')).body, { status: 'ready', checks: { store: 'ok', redis: 'ok' } });
    await servesReadsAndWrites(server);
    assert.ok((await sharedKeys()) > 0, 'counters are kept in Redis');

    await proxy.cut();
    await direct.del(...(await direct.keys(`${namespace}*`)));
    assert.equal((await server.requestAs('anonymous', 'GET', '/health')).status, 200);
    await servesReadsAndWrites(server);
    const notReady = await server.requestAs('anonymous', 'GET', '/ready');
    assert.equal(notReady.status, 503);
    assert.equal(notReady.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.match(notReady.body.detail, /redis/);
    assert.doesNotMatch(notReady.body.detail, /store/);
    assert.equal(await sharedKeys(), 0, 'nothing reached Redis during the outage');

    await proxy.restore();
    await waitFor(async () => ((await server.requestAs('anonymous', 'GET', '/ready')).status === 200 ? true : undefined), 'Redis to be used again');
    await servesReadsAndWrites(server);
    assert.ok((await sharedKeys()) > 0, 'counters are kept in Redis again');
  });

  // The timeout only ends a hung test (requests that wait on a stalled Redis never return); it measures nothing.
  it('keeps serving when Redis stays connected but stops answering, and uses it again when it answers', { timeout: 60_000 }, async () => {
    const proxy = await proxyTo(redisUrl.hostname, Number(redisUrl.port || 6379));
    const server = await serverWith({
      RUNLEDGER_RATE_LIMIT: '1000',
      RUNLEDGER_REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      RUNLEDGER_RATE_LIMIT_NAMESPACE: `rl-stall-${process.pid}-${Date.now()}:`,
    });
    await servesReadsAndWrites(server);
    proxy.stall();
    // Without a command timeout each of these waited for Redis for as long as it stalled.
    assert.equal((await server.requestAs('anonymous', 'GET', '/health')).status, 200);
    await servesReadsAndWrites(server);
    const notReady = await server.requestAs('anonymous', 'GET', '/ready');
    assert.equal(notReady.status, 503);
    assert.match(notReady.body.detail, /redis/);
    proxy.resume();
    await waitFor(async () => ((await server.requestAs('anonymous', 'GET', '/ready')).status === 200 ? true : undefined), 'Redis to answer again');
    await servesReadsAndWrites(server);
  });

  it('answers 503 naming the store when PostgreSQL is away, and 200 again when it is back', { skip: process.env.DATABASE_URL ? false : 'the embedded store lives in the process' }, async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const proxy = await proxyTo(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    const server = await serverWith({ DATABASE_URL: url.toString() });
    assert.equal((await server.requestAs('anonymous', 'GET', '/ready')).status, 200);
    await proxy.cut();
    const down = await server.requestAs('anonymous', 'GET', '/ready');
    assert.equal(down.status, 503);
    assert.match(down.body.detail, /^not ready: store: /);
    assert.equal((await server.requestAs('anonymous', 'GET', '/health')).status, 200);
    await proxy.restore();
    await waitFor(async () => ((await server.requestAs('anonymous', 'GET', '/ready')).status === 200 ? true : undefined), 'the store to answer again');
  });
});
