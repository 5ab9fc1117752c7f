// /v1/macros: create, read, list, update, delete, as the Data Platform's clients use them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function create(body: Record<string, unknown>) {
  const res = await server.request('POST', '/v1/macros', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

describe('/v1/macros', () => {
  it('creates a macro with the platform’s defaults and reads it back', async () => {
    const made = await create({ name: 'cents_to_dollars', parameters: ['amount'], body: 'amount / 100.0', description: 'Converts cents to dollars' });
    assert.match(made.id, /^[0-9a-f-]{36}$/);
    assert.equal(made.macro_type, 'SCALAR');
    assert.equal(made.visibility, 'project');
    assert.equal(made.status, 'ACTIVE');
    assert.deepEqual(made.parameters, ['amount']);
    assert.equal(made.body, 'amount / 100.0');
    assert.equal(typeof made.created_by, 'string');
    assert.equal(made.created_at, made.updated_at);
    // Empty fields are absent, as the platform leaves them out.
    for (const key of ['tags', 'properties', 'owner', 'catalog_name', 'project_name']) assert.ok(!(key in made), `${key} absent`);

    const got = await server.request('GET', '/v1/macros/cents_to_dollars');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, made);
  });

  it('keeps every field a create sends', async () => {
    const made = await create({
      name: 'recent_orders',
      macro_type: 'TABLE',
      parameters: ['since'],
      body: 'SELECT * FROM range(10) t(day) WHERE day >= since',
      catalog_name: 'memory',
      project_name: 'shop',
      visibility: 'catalog_global',
      owner: 'data-platform',
      properties: { team: 'analytics' },
      tags: ['finance', 'shared'],
      status: 'DEPRECATED',
    });
    assert.equal(made.macro_type, 'TABLE');
    assert.equal(made.description, '', 'description is always present');
    assert.deepEqual(
      { catalog: made.catalog_name, project: made.project_name, visibility: made.visibility, owner: made.owner, properties: made.properties, tags: made.tags, status: made.status },
      { catalog: 'memory', project: 'shop', visibility: 'catalog_global', owner: 'data-platform', properties: { team: 'analytics' }, tags: ['finance', 'shared'], status: 'DEPRECATED' },
    );
    const noParameters = await create({ name: 'answer', body: '42' });
    assert.ok(!('parameters' in noParameters));
  });

  it('answers 409 for a name taken, or taken but for case', async () => {
    await create({ name: 'taken', body: '1' });
    const again = await server.request('POST', '/v1/macros', { name: 'taken', body: '2' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error_code, 'RL_CONFLICT');
    const folded = await server.request('POST', '/v1/macros', { name: 'Taken', body: '2' });
    assert.equal(folded.status, 409);
    assert.match(folded.body.detail, /"taken" already exists/);
    assert.equal((await server.request('GET', '/v1/macros/taken')).body.body, '1');
    assert.equal((await server.request('GET', '/v1/macros/Taken')).status, 404);
  });

  it('pages through the list by name with no duplicate and no gap', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `paged_${i}`);
    for (const name of names.toReversed()) await create({ name, body: `${names.indexOf(name)}` });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await server.request('GET', `/v1/macros?max_results=3${token ? `&page_token=${token}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.data.length <= 3);
      seen.push(...res.body.data.map((m: { name: string }) => m.name));
      token = res.body.next_page_token;
    } while (token);
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    assert.deepEqual(seen.filter((name) => name.startsWith('paged_')), names, 'every one, in name order');

    const bad = await server.request('GET', '/v1/macros?page_token=bm90LWEta2V5');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'RL_BAD_PAGE_TOKEN');
  });

  it('updates fields, leaving out what a patch leaves out and emptying what it sends as null', async () => {
    await create({ name: 'fmt', parameters: ['x'], body: 'x * 2', description: 'doubles', tags: ['a'], owner: 'me', properties: { k: 'v' } });
    const tagged = await server.request('PATCH', '/v1/macros/fmt', { tags: ['b', 'c'] });
    assert.equal(tagged.status, 200, JSON.stringify(tagged.body));
    assert.deepEqual(tagged.body.tags, ['b', 'c']);
    assert.equal(tagged.body.owner, 'me');
    assert.equal(tagged.body.body, 'x * 2');

    // What `duck apply` sends for a macro whose spec has no parameters, properties or tags.
    const applied = await server.request('PATCH', '/v1/macros/fmt', { body: '2', parameters: null, description: '', properties: null, tags: null, owner: 'team' });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    for (const key of ['parameters', 'properties', 'tags']) assert.ok(!(key in applied.body), `${key} emptied`);
    assert.equal(applied.body.description, '');
    assert.equal(applied.body.owner, 'team');
    assert.ok(applied.body.updated_at >= applied.body.created_at);

    const unchanged = await server.request('PATCH', '/v1/macros/fmt', {});
    assert.equal(unchanged.status, 200);
    assert.equal(unchanged.body.body, '2');
  });

  it('deletes a macro, and answers 404 for one that does not exist', async () => {
    await create({ name: 'doomed', body: '1' });
    const deleted = await server.request('DELETE', '/v1/macros/doomed');
    assert.equal(deleted.status, 204);
    for (const [method, path, body] of [
      ['GET', '/v1/macros/doomed'],
      ['DELETE', '/v1/macros/doomed'],
      ['PATCH', '/v1/macros/doomed', { body: '2' }],
      ['GET', '/v1/macros/doomed/revisions'],
      ['GET', '/v1/macros/doomed/impact'],
      ['GET', '/v1/macros/doomed/diff?from_version=1&to_version=1'],
    ] as const) {
      const res = await server.request(method, path, body);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error_code, 'RL_NOT_FOUND');
      assert.match(res.body.detail, /no macro "doomed"/);
    }
    await create({ name: 'doomed', body: '3' });
    const revisions = await server.request('GET', '/v1/macros/doomed/revisions');
    assert.deepEqual(revisions.body.data.map((r: { version: number }) => r.version), [1], 'a new macro of the name starts again');
  });

  it('lets readers read and only writers write', async () => {
    await create({ name: 'guarded', body: '1' });
    assert.equal((await server.requestAs('reader', 'GET', '/v1/macros/guarded')).status, 200);
    assert.equal((await server.requestAs('reader', 'GET', '/v1/macros')).status, 200);
    assert.equal((await server.requestAs('reader', 'GET', '/v1/macros/guarded/revisions')).status, 200);
    assert.equal((await server.requestAs('reader', 'POST', '/v1/macros', { name: 'nope', body: '1' })).status, 403);
    assert.equal((await server.requestAs('reader', 'PATCH', '/v1/macros/guarded', { body: '2' })).status, 403);
    assert.equal((await server.requestAs('reader', 'DELETE', '/v1/macros/guarded')).status, 403);
    assert.equal((await server.requestAs('anonymous', 'GET', '/v1/macros')).status, 401);
    assert.equal((await server.requestAs('writer', 'PATCH', '/v1/macros/guarded', { body: '2' })).status, 200);
    assert.equal((await server.request('GET', '/v1/macros/nope')).status, 404);
  });
});
