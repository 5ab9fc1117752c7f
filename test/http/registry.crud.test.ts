import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { create } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const person = (n: number) => ({ display_name: `Person ${n}`, email: `p${n}@example.org`, first_name: 'P', last_name: `${n}` });

describe('/registry/{kind}', () => {
  it('creates, reads and lists an item with Provena field names', async () => {
    const res = await server.request('POST', '/registry/organisations', { display_name: 'CSIRO', name: 'CSIRO', ror: 'https://ror.org/03qn8fb07' });
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'CSIRO');
    assert.equal(res.body.version, 1);
    const got = await server.request('GET', `/registry/organisations/${res.body.id}`);
    assert.deepEqual(got.body, res.body);
    const wrongKind = await server.request('GET', `/registry/persons/${res.body.id}`);
    assert.equal(wrongKind.status, 404);
    assert.match(wrongKind.body.detail, new RegExp(res.body.id));
  });

  it('pages through a list with no duplicate and no gap', async () => {
    const made = new Set<string>();
    for (let i = 0; i < 25; i++) made.add(await create(server, 'persons', person(i)));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await server.request('GET', `/registry/persons?max_results=7${token ? `&page_token=${token}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.data.length <= 7);
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
      token = res.body.next_page_token;
    } while (token);
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    for (const id of made) assert.ok(seen.includes(id), `page walk includes ${id}`);
  });

  it('refuses a bad page token and an out-of-range page size', async () => {
    const bad = await server.request('GET', '/registry/persons?page_token=not-a-token');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 'RL_BAD_PAGE_TOKEN');
    const big = await server.request('GET', '/registry/persons?max_results=1001');
    assert.equal(big.status, 400);
    assert.match(big.body.detail, /max_results/);
  });

  it('updates an item and keeps its version history', async () => {
    const id = await create(server, 'persons', person(100));
    const res = await server.request('PUT', `/registry/persons/${id}?reason=typo`, { ...person(100), last_name: 'Fixed' });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.equal(res.body.last_name, 'Fixed');
    const versions = await server.request('GET', `/registry/persons/${id}/versions`);
    assert.deepEqual(versions.body.data.map((v: { version: number }) => v.version), [2, 1]);
    assert.equal(versions.body.data[0].reason, 'typo');
    assert.equal(versions.body.data[1].item.last_name, '100');
    const first = await server.request('GET', `/registry/persons/${id}/versions?max_results=1`);
    assert.deepEqual(first.body.data.map((v: { version: number }) => v.version), [2]);
    const second = await server.request('GET', `/registry/persons/${id}/versions?max_results=1&page_token=${first.body.next_page_token}`);
    assert.deepEqual(second.body.data.map((v: { version: number }) => v.version), [1]);
    assert.equal(second.body.next_page_token, undefined);
    const missing = await server.request('PUT', '/registry/persons/00000000-0000-7000-8000-000000000000', person(1));
    assert.equal(missing.status, 404);
  });

  it('rejects bad bodies with problem+json naming the field, storing nothing', async () => {
    const before = await countRows(server.ctx.db);
    const cases: [string, unknown, RegExp][] = [
      ['persons', { ...person(1), email: 'not-an-email' }, /email/],
      ['persons', { display_name: 'x', email: 'a@b.org', first_name: 'a' }, /last_name/],
      ['organisations', { display_name: 'x', name: 'y', extra: 1 }, /extra/],
      ['dataset-templates', { display_name: 't', defined_resources: [{ path: 'a', description: '', usage_type: 'NOPE' }], deferred_resources: [] }, /usage_type/],
      [
        'dataset-templates',
        { display_name: 't', defined_resources: [], deferred_resources: [1, 2].map(() => ({ key: 'k', description: '', usage_type: 'CONFIG_FILE' })) },
        /"k" is not unique/,
      ],
      ['workflow-templates', { display_name: 'w', software_id: '00000000-0000-7000-8000-000000000000', input_templates: [], output_templates: [] }, /software_id/],
      ['datasets', { display_name: 'd', publisher_id: 'nope' }, /publisher_id/],
      ['organisations', { display_name: 'a\u0000b', name: 'x' }, /body\.display_name contains a NUL/],
      ['organisations', { display_name: 'a', name: 'x', user_metadata: { k: '\ud800' } }, /body\.user_metadata\.k .*surrogate/],
    ];
    for (const [kind, body, detail] of cases) {
      const res = await server.request('POST', `/registry/${kind}`, body);
      assert.equal(res.status, 400, `${kind} ${JSON.stringify(body)}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.match(res.body.detail, detail);
      assert.ok(res.body.type && res.body.title, 'RFC 9457 members present');
    }
    const notJson = await server.request('POST', '/registry/persons', '{"display_name":', { 'content-type': 'application/json' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('answers unknown routes with a problem document', async () => {
    const res = await server.request('GET', '/registry/unicorns');
    assert.equal(res.status, 404);
    assert.equal(res.body.error_code, 'RL_ROUTE_NOT_FOUND');
  });
});
