// Numbers a client controls that the store keeps as PostgreSQL integers: anything past them is a 4xx
// naming the problem, never a database error (500).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { create } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let person: string;
const body = { display_name: 'Ada', email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace' };

describe('integers beyond what the store holds', () => {
  before(async () => {
    server = await startTestServer();
    person = await create(server, 'persons', body);
  });
  after(() => server?.close());

  it('an If-Match naming a version past any integer matches nothing: 412', async () => {
    const res = await server.request('PUT', `/registry/persons/${person}`, body, { 'if-match': '"v99999999999"' });
    assert.equal(res.status, 412, JSON.stringify(res.body));
    assert.equal((await server.request('GET', `/registry/persons/${person}`)).body.display_name, 'Ada');
  });

  it('a forged version-history page token with a huge key: 400 RL_BAD_PAGE_TOKEN', async () => {
    for (const key of [99999999999, 1e308, 2 ** 53 + 1, -1]) {
      const token = Buffer.from(JSON.stringify([key])).toString('base64url');
      const res = await server.request('GET', `/registry/persons/${person}/versions?page_token=${token}`);
      assert.equal(res.status, 400, `${key}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error_code, 'RL_BAD_PAGE_TOKEN');
    }
  });

  it('a Gentrace elapsedTime past 2^31 - 1 ms: 400 naming the field, nothing stored', async () => {
    for (const elapsedTime of [2_147_483_648, 1e20]) {
      const res = await server.requestAs('writer', 'POST', '/api/v1/run', runBody({ stepRuns: [stepRun(0, { elapsedTime })] }));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.detail, /elapsedTime/);
    }
    assert.equal((await server.request('GET', '/model-runs?kind=ingested')).body.data.length, 0);
  });
});
