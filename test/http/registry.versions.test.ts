// Version history pages are bounded in bytes as well as in entries: each entry carries a whole item.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VERSION_PAGE_BYTES } from '../../src/services/registry-service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const person = (note: string) => ({
  display_name: 'Ada',
  email: 'ada@example.org',
  first_name: 'Ada',
  last_name: 'Lovelace',
  user_metadata: { note },
});

describe('GET /registry/{kind}/{id}/versions', () => {
  it('cuts a page of large items at the byte budget and pages through every version once', async () => {
    // Five versions of ~400 KB: one page of all five would be 2 MB.
    const big = (n: number) => String(n).repeat(400 * 1024);
    const created = await server.request('POST', '/registry/persons', person(big(1)));
    assert.equal(created.status, 201);
    const id = created.body.id;
    for (let n = 2; n <= 5; n++) assert.equal((await server.request('PUT', `/registry/persons/${id}?reason=v${n}`, person(big(n)))).status, 200);

    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await server.request('GET', `/registry/persons/${id}/versions${token ? `?page_token=${token}` : ''}`);
      assert.equal(res.status, 200);
      pages++;
      const bytes = res.body.data.reduce((sum: number, v: { item: unknown }) => sum + Buffer.byteLength(JSON.stringify(v.item)), 0);
      assert.ok(res.body.data.length === 1 || bytes <= VERSION_PAGE_BYTES, `page ${pages} holds ${bytes} bytes`);
      for (const v of res.body.data) {
        assert.equal(v.item.user_metadata.note, big(v.version), 'each entry carries its own item');
        seen.push(v.version);
      }
      token = res.body.next_page_token;
    } while (token);
    assert.deepEqual(seen, [5, 4, 3, 2, 1]);
    assert.ok(pages >= 3, `${pages} pages`);
  });

  it('still serves a version larger than the budget, alone on its page', async () => {
    const huge = 'x'.repeat(VERSION_PAGE_BYTES + 1024);
    const created = await server.request('POST', '/registry/persons', person(huge));
    const id = created.body.id;
    await server.request('PUT', `/registry/persons/${id}`, person('small'));
    const first = await server.request('GET', `/registry/persons/${id}/versions`);
    assert.deepEqual(first.body.data.map((v: { version: number }) => v.version), [2]);
    const second = await server.request('GET', `/registry/persons/${id}/versions?page_token=${first.body.next_page_token}`);
    assert.deepEqual(second.body.data.map((v: { version: number }) => v.version), [1]);
    assert.equal(second.body.data[0].item.user_metadata.note, huge);
    assert.equal(second.body.next_page_token, undefined);
  });
});
