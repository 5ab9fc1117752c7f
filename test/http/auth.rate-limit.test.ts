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
    assert.equal(limited.body.code, 'RL_RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After is set');

    const writer = await server.requestAs('writer', 'GET', '/registry/persons');
    assert.equal(writer.status, 200, 'another credential has its own budget');
  });
});
