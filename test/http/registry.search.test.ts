// GET /registry/{kind}?q=: the id, the name or any top-level text field contains the text, any case, with
// LIKE's metacharacters literal; paging keeps the search.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { create } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('registry search', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  before(async () => {
    server = await startTestServer();
    ids.rain = await create(server, 'datasets', { display_name: 'Rainfall 2024', description: 'daily totals' });
    ids.flow = await create(server, 'datasets', { display_name: 'Streamflow 2024', description: 'from gauges, 100% checked' });
    ids.soil = await create(server, 'datasets', { display_name: 'Soil moisture', description: 'satellite' });
    ids.person = await create(server, 'persons', { display_name: 'Rain Person', email: 'rain@example.org', first_name: 'R', last_name: 'P' });
  });
  after(() => server?.close());

  const search = async (kind: string, q: string, extra = '') => {
    const res = await server.requestAs('reader', 'GET', `/registry/${kind}?q=${encodeURIComponent(q)}${extra}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { data: { id: string }[]; next_page_token?: string };
  };
  const idsOf = (page: { data: { id: string }[] }) => page.data.map((d) => d.id).sort();

  test('matches the name, a text field or the id, in one kind only', async () => {
    assert.deepEqual(idsOf(await search('datasets', 'RAIN')), [ids.rain]);
    assert.deepEqual(idsOf(await search('datasets', 'gauges')), [ids.flow]);
    assert.deepEqual(idsOf(await search('datasets', '2024')), [ids.flow, ids.rain].sort());
    assert.deepEqual(idsOf(await search('datasets', ids.soil!.slice(-8))), [ids.soil]);
    assert.deepEqual(idsOf(await search('persons', 'rain')), [ids.person]);
  });

  test('% and _ are plain characters; field names are not searched', async () => {
    assert.deepEqual(idsOf(await search('datasets', '100%')), [ids.flow]);
    assert.deepEqual(idsOf(await search('datasets', '1_0')), []);
    assert.deepEqual(idsOf(await search('datasets', 'description')), []);
  });

  test('paging a search visits each match once', async () => {
    const first = await search('datasets', '2024', '&max_results=1');
    assert.equal(first.data.length, 1);
    assert.ok(first.next_page_token);
    const second = await search('datasets', '2024', `&max_results=1&page_token=${encodeURIComponent(first.next_page_token!)}`);
    assert.equal(second.data.length, 1);
    assert.notEqual(second.data[0]!.id, first.data[0]!.id);
  });

  test('an empty search is a 400 naming q', async () => {
    const res = await server.request('GET', '/registry/datasets?q=');
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(res.body), /\bq\b/);
  });
});
