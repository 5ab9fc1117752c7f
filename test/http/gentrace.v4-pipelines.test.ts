// Gentrace's v4 pipelines, as the OpenTelemetry-based SDKs (gentrace-py 1.x, npm `gentrace` 0.x) use them:
// create one, retrieve it by id (their check at start, which tells 404 from 401/403 by status), list them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { runBody } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

// gentrace-openapi spec.json components.schemas.Pipeline.required, which npm `gentrace` src/resources/pipelines.ts
// (Pipeline) and gentrace-py src/gentrace/types/pipeline.py declare too.
const V4_PIPELINE_REQUIRED = ['id', 'createdAt', 'updatedAt', 'slug', 'displayName', 'folderId', 'archivedAt', 'goldenDatasetId'];

const create = (body: unknown, caller: 'writer' | 'reader' = 'writer') => server.requestAs(caller, 'POST', '/api/v4/pipelines', body);

describe('/api/v4/pipelines', () => {
  it('creates a pipeline and retrieves it by id in the v4 shape', async () => {
    const folderId = randomUUID();
    const made = await create({ slug: 'summarise-ticket', displayName: 'Summarise a ticket', folderId });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    for (const field of V4_PIPELINE_REQUIRED) assert.ok(field in made.body, `lacks ${field}`);
    assert.equal(made.body.slug, 'summarise-ticket');
    assert.equal(made.body.displayName, 'Summarise a ticket');
    assert.equal(made.body.folderId, folderId);
    assert.equal(made.body.archivedAt, null);
    assert.equal(made.body.goldenDatasetId, null);
    assert.equal(made.body.updatedAt, made.body.createdAt);

    const got = await server.requestAs('reader', 'GET', `/api/v4/pipelines/${made.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, made.body);
  });

  it('answers 404 for an id that names no pipeline, as problem+json', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const res = await server.requestAs('reader', 'GET', `/api/v4/pipelines/${id}`);
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.match(res.body.detail, new RegExp(`no pipeline with id "${id}"`));
    }
    const anonymous = await server.requestAs('anonymous', 'GET', `/api/v4/pipelines/${randomUUID()}`);
    assert.equal(anonymous.status, 401, 'a bad key is told apart from an unknown pipeline');
  });

  it('serves pipelines that ingestion created, with their id as the v1 list gives it', async () => {
    assert.equal((await server.requestAs('writer', 'POST', '/api/v1/run', runBody({ slug: 'ingested-first' }))).status, 200);
    const v1 = (await server.requestAs('reader', 'GET', '/api/v1/pipelines?slug=ingested-first')).body.pipelines[0];
    const v4 = await server.requestAs('reader', 'GET', `/api/v4/pipelines/${v1.id}`);
    assert.equal(v4.status, 200);
    assert.equal(v4.body.slug, 'ingested-first');
    assert.equal(v4.body.displayName, 'ingested-first');
    assert.equal(v4.body.folderId, null);
    assert.equal(v4.body.createdAt, v1.createdAt);
  });

  it('lists by slug, filtered by slug or folder, in pages', async () => {
    const folderId = randomUUID();
    for (const slug of ['list-c', 'list-a', 'list-b']) assert.equal((await create({ slug, folderId })).status, 200);
    const inFolder = await server.requestAs('reader', 'GET', `/api/v4/pipelines?folderId=${folderId}`);
    assert.equal(inFolder.status, 200);
    assert.deepEqual(inFolder.body.data.map((p: { slug: string }) => p.slug), ['list-a', 'list-b', 'list-c']);
    assert.equal(inFolder.body.data[0].displayName, 'list-a', 'a pipeline made without a display name shows its slug');

    const one = await server.requestAs('reader', 'GET', '/api/v4/pipelines?slug=list-b');
    assert.deepEqual(one.body.data.map((p: { slug: string }) => p.slug), ['list-b']);

    const page1 = await server.requestAs('reader', 'GET', `/api/v4/pipelines?folderId=${folderId}&max_results=2`);
    assert.equal(page1.body.data.length, 2);
    const page2 = await server.requestAs('reader', 'GET', `/api/v4/pipelines?folderId=${folderId}&max_results=2&page_token=${page1.body.next_page_token}`);
    assert.deepEqual(page2.body.data.map((p: { slug: string }) => p.slug), ['list-c']);
    assert.equal(page2.body.next_page_token, undefined);

    const all = await server.requestAs('reader', 'GET', '/api/v4/pipelines');
    const slugs = all.body.data.map((p: { slug: string }) => p.slug);
    assert.deepEqual(slugs, [...slugs].sort());
  });

  it('refuses a taken slug, a slug Gentrace would refuse, a bad folder id and a reader, storing nothing', async () => {
    assert.equal((await create({ slug: 'taken' })).status, 200);
    const before = await countRows(server.ctx.db);
    const taken = await create({ slug: 'taken', displayName: 'Again' });
    assert.equal(taken.status, 409);
    assert.match(taken.body.detail, /slug "taken" already names a pipeline/);
    const cases: [unknown, RegExp][] = [
      [{ slug: 'Not A Slug' }, /body\.slug must match pattern/],
      [{}, /body\.slug is required/],
      [{ slug: 'ok-slug', folderId: 'folder-1' }, /body\.folderId/],
    ];
    for (const [body, detail] of cases) {
      const res = await create(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.detail, detail);
    }
    assert.equal((await create({ slug: 'by-reader' }, 'reader')).status, 403);
    assert.deepEqual(await countRows(server.ctx.db), before);
  });
});
