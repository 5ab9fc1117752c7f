// The data store's dataset routes as provenaclient's datastore calls them: mint, update metadata, fetch, list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DS, P, collectionFormat, createVia, parsed, q, reg, reply } from '../helpers/provena-registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let organisation: string;
let person: string;
before(async () => {
  server = await startTestServer();
  organisation = await createVia(server, P.organisation, { display_name: 'Publisher', name: 'Publisher' });
  person = await createVia(server, P.person, { display_name: 'C', email: 'c@example.org', first_name: 'C', last_name: 'D', ethics_approved: true });
});
after(() => server.close());

const mint = (body: unknown, caller: 'writer' | 'reader' = 'writer') => server.requestAs(caller, 'POST', `${DS}/register/mint-dataset`, body);

describe('Provena data store', () => {
  it('mints a dataset kept whole, with its location and release state', async () => {
    const cf = collectionFormat(organisation);
    const res = parsed(await mint(cf), 'MintResponse');
    assert.equal(res.status.details, 'Successfully seeded location - see location details.');
    const handle = res.handle;
    assert.equal(res.s3_location.path, `datasets/${handle.replace(/[./]/g, '-')}/`);
    const fetched = parsed(await server.requestAs('reader', 'GET', `${DS}/registry/items/fetch-dataset${q({ handle_id: handle })}`), 'RegistryFetchResponse');
    assert.deepEqual(fetched.item.collection_format, cf);
    assert.equal(fetched.item.release_status, 'NOT_RELEASED');
    assert.deepEqual(fetched.item.s3, res.s3_location);
    assert.equal(fetched.item.display_name, 'Rainfall 2020');
    assert.equal('item_is_seed' in fetched, false);
    // The same item through the registry's typed fetch.
    const typed = parsed(await reg(server, 'reader', 'GET', `${P.dataset}/fetch${q({ id: handle })}`), reply(P.dataset, 'Fetch'));
    assert.deepEqual(typed.roles, ['metadata-read', 'dataset-data-read']);
  });

  it('refuses extra keys and empty strings inside collection_format with 422', async () => {
    const extra = collectionFormat(organisation, { colour: 'red' });
    const res = await mint(extra);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.detail[0].loc, ['body', 'dataset_info', 'colour']);
    assert.equal(res.body.detail[0].type, 'value_error.extra');
    const empty = await mint(collectionFormat(organisation, { name: '' }));
    assert.equal(empty.status, 422);
    const reposited = await mint(collectionFormat(organisation, { access_info: { reposited: true, uri: 'https://e.org/x', description: 'x' } }));
    assert.equal(reposited.status, 422);
    assert.equal((await mint(collectionFormat(organisation), 'reader')).status, 401);
  });

  it('answers data store and registry validation faults with success:false', async () => {
    const approvals = collectionFormat(organisation);
    approvals.approvals.export_controls = { relevant: true, obtained: false };
    assert.match(parsed(await mint(approvals), 'MintResponse', false).status.details, /Failed field value validation/);
    const badOrg = collectionFormat(person);
    assert.match(parsed(await mint(badOrg), 'MintResponse', false).status.details, /Registry API responded with an error/);
  });

  it('updates metadata keeping location and release state, with the reason in the history', async () => {
    const minted = parsed(await mint(collectionFormat(organisation)), 'MintResponse');
    const changed = collectionFormat(organisation, { name: 'Rainfall 2021', description: 'Updated' });
    const url = `${DS}/register/update-metadata${q({ handle_id: minted.handle, reason: 'new year' })}`;
    const res = parsed(await server.requestAs('writer', 'POST', url, changed), 'UpdateMetadataResponse');
    assert.deepEqual(res.s3_location, minted.s3_location);
    assert.equal(res.handle, minted.handle);
    const item = parsed(await server.requestAs('reader', 'GET', `${DS}/registry/items/fetch-dataset${q({ handle_id: minted.handle })}`), 'RegistryFetchResponse').item;
    assert.equal(item.display_name, 'Rainfall 2021');
    assert.deepEqual(item.s3, minted.s3_location);
    assert.deepEqual(item.history.map((h: { reason: string }) => h.reason), ['new year', 'Initial record creation']);
    const unknown = await server.requestAs('writer', 'POST', `${DS}/register/update-metadata${q({ handle_id: 'nope', reason: 'r' })}`, changed);
    assert.equal(unknown.status, 400);
    const noReason = await server.requestAs('writer', 'POST', `${DS}/register/update-metadata${q({ handle_id: minted.handle })}`, changed);
    assert.equal(noReason.status, 422);
  });

  it('fetch-dataset refuses unknown and non-dataset ids with 400; list pages through datasets', async () => {
    assert.equal((await server.requestAs('reader', 'GET', `${DS}/registry/items/fetch-dataset${q({ handle_id: '' })}`)).status, 400);
    assert.equal((await server.requestAs('reader', 'GET', `${DS}/registry/items/fetch-dataset${q({ handle_id: organisation })}`)).status, 400);
    const seen: string[] = [];
    let key: unknown = undefined;
    do {
      const page = parsed(await server.requestAs('reader', 'POST', `${DS}/registry/items/list`, { page_size: 1, ...(key ? { pagination_key: key } : {}) }), 'DatasetListResponse');
      seen.push(...page.items.map((i: { item_subtype: string; id: string }) => i.item_subtype + i.id));
      key = page.pagination_key;
    } while (key);
    assert.equal(seen.length, 2);
    assert.ok(seen.every((s) => s.startsWith('DATASET')));
  });
});
