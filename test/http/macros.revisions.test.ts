// /v1/macros revisions, diffs and impact: revisions are immutable, numbered from 1, made by content changes;
// impact is the compile lineage runs record (through the same store function).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { recordMacroUsages, type MacroUsage } from '../../src/store/macros.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function send(method: string, path: string, body?: unknown, status = 200) {
  const res = await server.request(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const record = (rows: MacroUsage[]) => server.ctx.db.transaction().execute((tx) => recordMacroUsages(tx, rows));
const usage = (macro: string, project: string, model: string, at: Date, schema = project): MacroUsage => ({
  macro_name: macro,
  project_name: project,
  model_name: model,
  target_schema: schema,
  last_seen_at: at,
});
const seconds = (iso: string, delta: number) => new Date(Date.parse(iso) + delta * 1000);

/** A later revision must be made at a later instant than the one before it: wait for the clock to move on. */
const clockPast = (iso: string) => waitFor(async () => (Date.now() > Date.parse(iso) ? true : undefined), 'the clock to pass a revision');

describe('/v1/macros revisions, diff and impact', () => {
  it('keeps version 1 at create and a new version for each change of content, never for metadata', async () => {
    await send('POST', '/v1/macros', { name: 'cents', parameters: ['amount'], body: 'amount / 100', description: 'old' }, 201);
    await send('PATCH', '/v1/macros/cents', { tags: ['finance'], owner: 'team', properties: { a: 'b' } });
    await send('PATCH', '/v1/macros/cents', { body: 'amount / 100' });
    assert.equal((await send('GET', '/v1/macros/cents/revisions')).data.length, 1, 'no content changed');

    await send('PATCH', '/v1/macros/cents', { body: 'amount / 100.0' });
    await send('PATCH', '/v1/macros/cents', { status: 'DEPRECATED', description: 'new' });
    const revisions = (await send('GET', '/v1/macros/cents/revisions')).data;
    assert.deepEqual(revisions.map((r: { version: number }) => r.version), [3, 2, 1], 'newest first');
    const [v3, v2, v1] = revisions;
    assert.deepEqual([v1.body, v2.body, v3.body], ['amount / 100', 'amount / 100.0', 'amount / 100.0']);
    assert.deepEqual([v1.status, v3.status, v3.description], ['ACTIVE', 'DEPRECATED', 'new']);
    assert.equal(v1.macro_name, 'cents');
    assert.deepEqual(v1.parameters, ['amount']);
    // The platform's hash: its JSON encoding of the revision's content.
    const expected = `sha256:${createHash('sha256').update('{"parameters":["amount"],"body":"amount / 100","description":"old","status":"ACTIVE"}').digest('hex')}`;
    assert.equal(v1.content_hash, expected);
    assert.equal(new Set(revisions.map((r: { content_hash: string }) => r.content_hash)).size, 3);

    const again = (await send('GET', '/v1/macros/cents/revisions')).data;
    assert.deepEqual(again, revisions, 'revisions do not change');
  });

  it('diffs two revisions field by field', async () => {
    await send('POST', '/v1/macros', { name: 'pct', parameters: ['part', 'whole'], body: 'part / whole', description: 'share' }, 201);
    await send('PATCH', '/v1/macros/pct', { parameters: ['whole', 'part'] });
    await send('PATCH', '/v1/macros/pct', { body: '100.0 * part / whole', parameters: ['part', 'whole', 'digits'], status: 'DEPRECATED' });

    const reordered = await send('GET', '/v1/macros/pct/diff?from_version=1&to_version=2');
    assert.equal(reordered.parameters_changed, false, 'parameters compare as a set');
    assert.equal(reordered.changed, false);
    assert.notEqual(reordered.from_content_hash, reordered.to_content_hash);

    const diff = await send('GET', '/v1/macros/pct/diff?from_version=1&to_version=3');
    assert.deepEqual(
      {
        macro_name: diff.macro_name,
        from_version: diff.from_version,
        to_version: diff.to_version,
        changed: diff.changed,
        parameters_changed: diff.parameters_changed,
        body_changed: diff.body_changed,
        description_changed: diff.description_changed,
        status_changed: diff.status_changed,
        from_parameters: diff.from_parameters,
        to_parameters: diff.to_parameters,
        from_body: diff.from_body,
        to_body: diff.to_body,
        from_description: diff.from_description,
        to_description: diff.to_description,
        from_status: diff.from_status,
        to_status: diff.to_status,
        impact_changed: diff.impact_changed,
      },
      {
        macro_name: 'pct',
        from_version: 1,
        to_version: 3,
        changed: true,
        parameters_changed: true,
        body_changed: true,
        description_changed: false,
        status_changed: true,
        from_parameters: ['part', 'whole'],
        to_parameters: ['part', 'whole', 'digits'],
        from_body: 'part / whole',
        to_body: '100.0 * part / whole',
        from_description: 'share',
        to_description: 'share',
        from_status: 'ACTIVE',
        to_status: 'DEPRECATED',
        impact_changed: false,
      },
    );
    for (const key of ['impacted_models_added', 'impacted_models_removed', 'impacted_models_unchanged']) assert.ok(!(key in diff), `${key} absent when empty`);
  });

  it('lists the models a macro reached, page by page, from recorded compile lineage', async () => {
    await send('POST', '/v1/macros', { name: 'used', parameters: ['x'], body: 'x + 1' }, 201);
    const t = new Date('2025-03-01T10:00:00.000Z');
    await record([usage('used', 'shop', 'orders', t), usage('used', 'shop', 'customers', t), usage('used', 'shop', 'orders', t, 'dev'), usage('other', 'shop', 'orders', t)]);
    await record([usage('used', 'ads', 'spend', t)]);

    const seen: Array<Record<string, string>> = [];
    let token: string | undefined;
    do {
      const page = await send('GET', `/v1/macros/used/impact?max_results=3${token ? `&page_token=${token}` : ''}`);
      assert.ok(page.data.length <= 3);
      seen.push(...page.data);
      token = page.next_page_token;
    } while (token);
    assert.deepEqual(
      seen.map((m) => m.target_table),
      ['ads.ads.spend', 'shop.shop.customers', 'shop.dev.orders', 'shop.shop.orders'],
    );
    assert.deepEqual(seen[2], { model_name: 'shop.orders', target_schema: 'dev', target_table: 'shop.dev.orders', last_seen_at: t.toISOString() });

    const bad = await server.request('GET', '/v1/macros/used/impact?page_token=WyJhIl0');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'RL_BAD_PAGE_TOKEN');
    assert.deepEqual((await send('GET', '/v1/macros/cents/impact')).data, [], 'a macro no model used has no impact');
  });

  it('moves a model’s last sighting forward only, and keeps its first', async () => {
    await send('POST', '/v1/macros', { name: 'seen', body: '1' }, 201);
    const first = new Date('2025-01-01T00:00:00.000Z');
    const later = new Date('2025-02-01T00:00:00.000Z');
    await record([usage('seen', 'shop', 'orders', first)]);
    await record([usage('seen', 'shop', 'orders', later)]);
    // A trigger that committed late, with an older compile.
    await record([usage('seen', 'shop', 'orders', first)]);
    const [impacted] = (await send('GET', '/v1/macros/seen/impact')).data;
    assert.equal(impacted.last_seen_at, later.toISOString());
    const row = await server.ctx.db.selectFrom('macro_usages').selectAll().where('macro_name', '=', 'seen').executeTakeFirstOrThrow();
    assert.equal(row.first_seen_at.toISOString(), first.toISOString());
  });

  it('says in a diff which models the macro had reached by each revision', async () => {
    await send('POST', '/v1/macros', { name: 'reach', parameters: ['x'], body: 'x' }, 201);
    const [v1] = (await send('GET', '/v1/macros/reach/revisions')).data;
    await record([usage('reach', 'shop', 'orders', seconds(v1.created_at, -60))]);
    await clockPast(v1.created_at);
    await send('PATCH', '/v1/macros/reach', { body: 'x * 1' });
    const [v2] = (await send('GET', '/v1/macros/reach/revisions')).data;
    assert.ok(Date.parse(v2.created_at) > Date.parse(v1.created_at));
    // First compiled with the macro after version 1 was made, and by the time version 2 was.
    await record([usage('reach', 'shop', 'payments', new Date(v2.created_at))]);
    // First compiled after version 2: in neither.
    await record([usage('reach', 'shop', 'refunds', seconds(v2.created_at, 60))]);

    const forward = await send('GET', '/v1/macros/reach/diff?from_version=1&to_version=2');
    assert.equal(forward.impact_changed, true);
    assert.deepEqual(forward.impacted_models_added.map((m: { model_name: string }) => m.model_name), ['shop.payments']);
    assert.deepEqual(forward.impacted_models_unchanged.map((m: { model_name: string }) => m.model_name), ['shop.orders']);
    assert.ok(!('impacted_models_removed' in forward));

    const backward = await send('GET', '/v1/macros/reach/diff?from_version=2&to_version=1');
    assert.deepEqual(backward.impacted_models_removed.map((m: { target_table: string }) => m.target_table), ['shop.shop.payments']);
    assert.ok(!('impacted_models_added' in backward));

    const same = await send('GET', '/v1/macros/reach/diff?from_version=2&to_version=2');
    assert.equal(same.changed, false);
    assert.equal(same.impact_changed, false);
    assert.equal(same.impacted_models_unchanged.length, 2);
  });

  it('forgets a deleted macro’s lineage', async () => {
    await send('POST', '/v1/macros', { name: 'gone', body: '1' }, 201);
    await record([usage('gone', 'shop', 'orders', new Date())]);
    await send('DELETE', '/v1/macros/gone', undefined, 204);
    await send('POST', '/v1/macros', { name: 'gone', body: '2' }, 201);
    assert.deepEqual((await send('GET', '/v1/macros/gone/impact')).data, []);
  });
});
