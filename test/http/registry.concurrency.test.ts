import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Updates of the item named here wait until `held` of them have arrived, then all go on together.
const barrier = { id: '', held: 0, waiting: [] as (() => void)[] };

let server: TestServer;
before(async () => {
  server = await startTestServer({
    racepoints: {
      beforeItemUpdate: (id) =>
        id !== barrier.id
          ? undefined
          : new Promise<void>((resolve) => {
              barrier.waiting.push(resolve);
              if (barrier.waiting.length === barrier.held) barrier.waiting.splice(0).forEach((go) => go());
            }),
    },
  });
});
after(() => server.close());

const person = (lastName: string) => ({ display_name: `Ada ${lastName}`, email: 'ada@example.org', first_name: 'Ada', last_name: lastName });

describe('ETag and If-Match on registry items', () => {
  it('serves the version as a strong ETag on create, read and replace', async () => {
    const created = await server.request('POST', '/registry/persons', person('One'));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('etag'), '"v1"');
    const got = await server.request('GET', `/registry/persons/${created.body.id}`);
    assert.equal(got.headers.get('etag'), '"v1"');
    const replaced = await server.request('PUT', `/registry/persons/${created.body.id}`, person('Two'));
    assert.equal(replaced.status, 200);
    assert.equal(replaced.headers.get('etag'), '"v2"');
    assert.equal((await server.request('GET', `/registry/persons/${created.body.id}`)).headers.get('etag'), '"v2"');
  });

  it('replaces only from a listed ETag, and refuses a stale one with 412, changing nothing', async () => {
    const id = await create(server, 'persons', person('Base'));
    const first = await server.request('PUT', `/registry/persons/${id}`, person('First'), { 'if-match': '"v1"' });
    assert.equal(first.status, 200);

    const stale = await server.request('PUT', `/registry/persons/${id}`, person('Stale'), { 'if-match': '"v1"' });
    assert.equal(stale.status, 412);
    assert.match(stale.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(stale.body.error_code, 'RL_PRECONDITION_FAILED');
    assert.match(stale.body.detail, /"v2"/);
    const after = await server.request('GET', `/registry/persons/${id}`);
    assert.equal(after.body.last_name, 'First');
    assert.equal(after.body.version, 2);
    const history = await server.request('GET', `/registry/persons/${id}/versions`);
    assert.deepEqual(history.body.data.map((v: { version: number }) => v.version), [2, 1]);

    const weak = await server.request('PUT', `/registry/persons/${id}`, person('Weak'), { 'if-match': 'W/"v2"' });
    assert.equal(weak.status, 412, 'If-Match compares strongly');
    const listed = await server.request('PUT', `/registry/persons/${id}`, person('Listed'), { 'if-match': '"v9", "v2"' });
    assert.equal(listed.status, 200, 'any listed tag will do');
    const any = await server.request('PUT', `/registry/persons/${id}`, person('Any'), { 'if-match': '*' });
    assert.equal(any.status, 200);
    assert.equal(any.headers.get('etag'), '"v4"');
  });

  it('keeps overwriting without If-Match, and answers 404 for a missing item whatever If-Match says', async () => {
    const id = await create(server, 'persons', person('Plain'));
    assert.equal((await server.request('PUT', `/registry/persons/${id}`, person('A'))).status, 200);
    assert.equal((await server.request('PUT', `/registry/persons/${id}`, person('B'))).status, 200);
    const missing = await server.request('PUT', '/registry/persons/0190a5c8-0000-7000-8000-000000000000', person('X'), { 'if-match': '"v1"' });
    assert.equal(missing.status, 404);
  });

  it('lets exactly one of two concurrent replaces from the same ETag win', async () => {
    const id = await create(server, 'persons', person('Contended'));
    Object.assign(barrier, { id, held: 2 });
    const replies = await Promise.all(
      ['Left', 'Right'].map((name) => server.request('PUT', `/registry/persons/${id}`, person(name), { 'if-match': '"v1"' })),
    );
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 412]);
    const winner = replies.find((r) => r.status === 200)!;
    const now = await server.request('GET', `/registry/persons/${id}`);
    assert.equal(now.body.last_name, winner.body.last_name);
    assert.equal(now.body.version, 2);
    const history = await server.request('GET', `/registry/persons/${id}/versions`);
    assert.deepEqual(history.body.data.map((v: { version: number }) => v.version), [2, 1]);
  });

  it('documents If-Match and ETag in the OpenAPI document', async () => {
    const doc = (await server.request('GET', '/openapi.json')).body;
    const put = doc.paths['/registry/persons/{id}'].put;
    assert.ok(put.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'if-match'));
    assert.ok(put.responses['412'], '412 is a documented response');
    assert.ok(doc.paths['/registry/persons/{id}'].get.responses['200'].headers.etag);
  });
});
