import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

// A patch of the model named here waits, before it takes the project lock, until `release` is called.
const hold = { model: '', reached: () => {}, release: () => {} };

let server: TestServer;
before(async () => {
  server = await startTestServer({
    racepoints: {
      beforeModelPatch: (_project, name) => {
        if (name !== hold.model) return undefined;
        hold.model = '';
        hold.reached();
        return new Promise<void>((resolve) => (hold.release = resolve));
      },
    },
  });
});
after(() => server.close());

async function createModel(name: string): Promise<{ etag: string }> {
  const res = await server.request('POST', '/models', { project_name: 'edits', name, sql: 'SELECT 1 AS x', description: 'first' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { etag: res.headers.get('etag') ?? '' };
}

describe('ETag and If-Match on models', () => {
  it('serves a strong ETag that changes with the model, and refuses a stale If-Match with 412', async () => {
    const created = await createModel('tagged');
    assert.match(created.etag, /^"[^"]+"$/, 'a strong tag');
    const got = await server.request('GET', '/models/edits/tagged');
    assert.equal(got.headers.get('etag'), created.etag);

    const patched = await server.request('PATCH', '/models/edits/tagged', { description: 'second' }, { 'if-match': created.etag });
    assert.equal(patched.status, 200);
    const etag = patched.headers.get('etag');
    assert.ok(etag && etag !== created.etag, 'the tag changes with the model');
    assert.equal((await server.request('GET', '/models/edits/tagged')).headers.get('etag'), etag);

    const stale = await server.request('PATCH', '/models/edits/tagged', { description: 'stale' }, { 'if-match': created.etag });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error_code, 'RL_PRECONDITION_FAILED');
    assert.equal((await server.request('GET', '/models/edits/tagged')).body.description, 'second');
    assert.equal((await server.request('PATCH', '/models/edits/tagged', { description: 'any' }, { 'if-match': '*' })).status, 200);
    assert.equal((await server.request('PATCH', '/models/edits/tagged', { description: 'blind' })).status, 200, 'no If-Match, as before');
  });

  it('lets exactly one of two concurrent patches from the same ETag win', async () => {
    const { etag } = await createModel('contended');
    const replies = await Promise.all(
      ['left', 'right'].map((d) => server.request('PATCH', '/models/edits/contended', { description: d }, { 'if-match': etag })),
    );
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 412]);
  });

  it('keeps a concurrent patch of other fields: a patch changes only the fields it names', async () => {
    await createModel('merged');
    const reached = new Promise<void>((resolve) => Object.assign(hold, { model: 'merged', reached: resolve }));
    const describing = server.request('PATCH', '/models/edits/merged', { description: 'described' });
    await Promise.race([reached, describing]);
    const retag = await server.request('PATCH', '/models/edits/merged', { tags: ['kept'] });
    assert.equal(retag.status, 200);
    hold.release();
    assert.equal((await describing).status, 200);
    const now = await server.request('GET', '/models/edits/merged');
    assert.equal(now.body.description, 'described');
    assert.deepEqual(now.body.tags, ['kept'], 'the held patch did not write back the tags it had read');
  });
});
