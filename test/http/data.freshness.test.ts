// Project settings, and model and source freshness as the platform's checkModelFreshness and
// checkSourceFreshness compute them, read from the project's warehouse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createModels, runProject } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const OLD = "TIMESTAMP '2020-01-01 00:00:00'";

/** Sets a model's freshness_policy in the store, where the models API keeps it. */
async function policy(name: string, maxLagSeconds: number) {
  await server.ctx.db
    .updateTable('models')
    .set({ freshness_policy: JSON.stringify({ max_lag_seconds: maxLagSeconds }) })
    .where('project_name', '=', 'fresh')
    .where('name', '=', name)
    .execute();
}
const read = (url: string) => server.requestAs('reader', 'GET', url);

describe('project settings', () => {
  it('are empty until set, then hold vars and sources', async () => {
    assert.deepEqual((await read('/v1/projects/fresh/settings')).body, { vars: {}, sources: {} });
    const settings = {
      vars: { start: '2020-01-01', limits: { max: 3 } },
      sources: { 'raw.events': { path: 'seeds/events.csv' }, 'app.sessions': { relation: 'fresh.stamped', loaded_at_field: 'loaded_at' } },
    };
    const put = await server.requestAs('writer', 'PUT', '/v1/projects/fresh/settings', settings);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body, settings);
    assert.deepEqual((await read('/v1/projects/fresh/settings')).body, settings);
  });

  it('refuse a source with both a path and a relation, a path out of the files folder, or a key without a dot', async () => {
    for (const source of [{ path: 'a.csv', relation: 'raw.a' }, { path: '../a.csv' }, { path: '/etc/passwd' }]) {
      const res = await server.request('PUT', '/v1/projects/fresh/settings', { vars: {}, sources: { 'raw.x': source } });
      assert.equal(res.status, 400, JSON.stringify(source));
      assert.equal(res.body.error_code, 'RL_VALIDATION');
    }
    assert.equal((await server.request('PUT', '/v1/projects/fresh/settings', { vars: {}, sources: { nodot: {} } })).status, 400);
    assert.equal((await server.requestAs('reader', 'PUT', '/v1/projects/fresh/settings', { vars: {}, sources: {} })).status, 403);
    assert.equal((await read('/v1/projects/fresh/settings')).body.sources['raw.events'].path, 'seeds/events.csv', 'unchanged');
  });
});

describe('model freshness', () => {
  let steps: { model_name: string; finished_at: string }[];
  before(async () => {
    await createModels(server, 'fresh', {
      stamped: `SELECT 1 AS id, ${OLD} AS loaded_at`,
      recent: 'SELECT 1 AS id, now() AS loaded_at',
      plain: 'SELECT 1 AS id',
      unpoliced: 'SELECT 1 AS id',
    });
    steps = await runProject(server, 'fresh');
    await createModels(server, 'fresh', { unbuilt: 'SELECT 1 AS id' });
    for (const [name, lag] of [['stamped', 3600], ['recent', 3600], ['plain', 86400], ['unbuilt', 60]] as const) await policy(name, lag);
  });

  it('is stale past max_lag_seconds since the newest loaded_at of the built relation', async () => {
    const res = await read('/v1/models/fresh/stamped/freshness');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { is_fresh: false, last_run_at: '2020-01-01T00:00:00.000Z', max_lag_seconds: 3600, stale_since: '2020-01-01T01:00:00.000Z' });
    const recent = await read('/v1/models/fresh/recent/freshness');
    assert.equal(recent.body.is_fresh, true, JSON.stringify(recent.body));
    assert.equal(recent.body.stale_since, undefined);
  });

  it('without loaded_at, counts from the model’s last successful build', async () => {
    const built = steps.find((s) => s.model_name.endsWith('plain'))!;
    assert.deepEqual((await read('/v1/models/fresh/plain/freshness')).body, { is_fresh: true, last_run_at: built.finished_at, max_lag_seconds: 86400 });
  });

  it('is stale when never built, and fresh without a policy, as the platform answers', async () => {
    assert.deepEqual((await read('/v1/models/fresh/unbuilt/freshness')).body, { is_fresh: false, max_lag_seconds: 60 });
    assert.deepEqual((await read('/v1/models/fresh/unpoliced/freshness')).body, { is_fresh: true, max_lag_seconds: 0 });
    const missing = await read('/v1/models/fresh/nope/freshness');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error_code, 'RL_NOT_FOUND');
  });
});

describe('source freshness', () => {
  before(async () => {
    const upload = await fetch(`${server.url}/v1/projects/fresh/files/seeds/events.csv`, {
      method: 'PUT',
      headers: server.credentials.writer,
      body: 'id,updated_at\n1,2020-01-01T00:00:00Z\n2,2020-06-01T00:00:00Z\n',
    });
    assert.equal(upload.status, 201);
  });

  it('reads a declared file source, finding its timestamp column as the platform does', async () => {
    const res = await read('/v1/sources/raw/events/freshness?max_lag_seconds=3600');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      is_fresh: false,
      source_schema: 'raw',
      source_table: 'events',
      timestamp_column: 'updated_at',
      last_loaded_at: '2020-06-01T00:00:00.000Z',
      max_lag_seconds: 3600,
      stale_since: '2020-06-01T01:00:00.000Z',
    });
  });

  it('reads a declared relation through its loaded_at_field, or a warehouse relation by its own name', async () => {
    const declared = await read('/v1/sources/app/sessions/freshness?project_name=fresh');
    assert.equal(declared.body.is_fresh, false, JSON.stringify(declared.body));
    assert.equal(declared.body.last_loaded_at, '2020-01-01T00:00:00.000Z');
    assert.equal(declared.body.max_lag_seconds, 3600, 'the platform’s default');
    const relation = await read('/v1/sources/fresh/recent/freshness?timestamp_column=loaded_at');
    assert.equal(relation.body.is_fresh, true, JSON.stringify(relation.body));
    assert.equal(relation.body.timestamp_column, 'loaded_at');
  });

  it('is fresh with max_lag_seconds 0, and refuses what it cannot read', async () => {
    assert.deepEqual((await read('/v1/sources/raw/nothing/freshness?max_lag_seconds=0')).body, {
      is_fresh: true,
      source_schema: 'raw',
      source_table: 'nothing',
      max_lag_seconds: 0,
    });
    const noColumn = await read('/v1/sources/fresh/plain/freshness');
    assert.equal(noColumn.status, 400);
    assert.match(noColumn.body.detail, /loaded_at, updated_at, created_at, ingested_at/);
    assert.equal((await read('/v1/sources/fresh/plain/freshness?timestamp_column=id')).status, 400, 'not a timestamp');
    assert.equal((await read('/v1/sources/fresh/plain/freshness?timestamp_column=nope')).status, 400);
    const missing = await read('/v1/sources/raw/nothing/freshness');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error_code, 'RL_NOT_FOUND');
  });
});
