// Provena's registry-api as provenaclient calls it: create, fetch, list, update, version, revert, delete,
// seed, validate, schema, auth and locks, over the same rows as /registry/{kind}.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { P, REG, buildProvenaRegistryWorld, createVia, parsed, q, reg, reply, type RegistryWorld } from '../helpers/provena-registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: RegistryWorld;
before(async () => {
  server = await startTestServer();
  world = await buildProvenaRegistryWorld(server);
});
after(() => server.close());

const fetchItem = async (prefix: string, id: string, extra: Record<string, string | boolean> = {}) =>
  reg(server, 'reader', 'GET', `${prefix}/fetch${q({ id, ...extra })}`);

describe('Provena registry: create and fetch', () => {
  it('creates every kind with the client serialisation and fetches it with roles and lock state', async () => {
    const res = parsed(await fetchItem(P.workflow, world.workflow), reply(P.workflow, 'Fetch'));
    assert.equal(res.item.item_subtype, 'MODEL_RUN_WORKFLOW_TEMPLATE');
    assert.equal(res.item.item_category, 'ENTITY');
    assert.deepEqual(res.item.versioning_info, { version: 1 });
    assert.equal(typeof res.item.workflow_links.create_activity_workflow_id, 'string');
    assert.equal(res.item.software_id, world.model);
    assert.deepEqual(res.roles, ['metadata-read']);
    assert.equal(res.locked, false);
    assert.equal(res.item_is_seed, false);
    assert.equal(res.item.history[0].reason, 'Initial record creation');
    const org = parsed(await fetchItem(P.organisation, world.organisation), reply(P.organisation, 'Fetch'));
    assert.equal(org.item.versioning_info, null);
    assert.equal(org.item.ror, 'https://ror.org/00example');
  });

  it('accepts pydantic nulls and ignores extra fields', async () => {
    const id = await createVia(server, P.organisation, { display_name: 'Nulls', name: 'Nulls', ror: null, user_metadata: null, colour: 'blue' });
    const res = parsed(await fetchItem(P.organisation, id), reply(P.organisation, 'Fetch'));
    assert.equal('ror' in res.item, false);
    assert.equal('colour' in res.item, false);
  });

  it('answers custom validation faults with success:false and body faults with 422', async () => {
    const person = { display_name: 'P', email: 'p@example.org', first_name: 'P', last_name: 'Q' };
    const unapproved = parsed(await reg(server, 'writer', 'POST', `${P.person}/create`, person), reply(P.person, 'Create'), false);
    assert.match(unapproved.status.details, /Validation Error/);
    const badRef = await reg(server, 'writer', 'POST', `${P.workflow}/create`, { display_name: 'W', software_id: world.person });
    assert.equal(parsed(badRef, reply(P.workflow, 'Create'), false).created_item, null);
    const missing = await reg(server, 'writer', 'POST', `${P.model}/create`, { display_name: 'M' });
    assert.equal(missing.status, 422);
    assert.ok(missing.body.detail.some((d: { loc: string[] }) => d.loc.join('.') === 'body.name'));
    const dup = await reg(server, 'writer', 'POST', `${P.datasetTemplate}/create`, {
      display_name: 'T',
      deferred_resources: [{ key: 'a', description: 'x', usage_type: 'CONFIG_FILE' }, { key: 'a', description: 'y', usage_type: 'CONFIG_FILE' }],
    });
    assert.equal(dup.status, 422);
    const valid = parsed(await reg(server, 'reader', 'POST', `${P.study}/validate`, { display_name: 'S', title: 't', description: 'd' }), 'StatusResponse');
    assert.equal(valid.status.details, 'Validation successful.');
  });

  it('fetch: unknown id is success:false, another subtype is 400, a wrong platform role is 401', async () => {
    parsed(await fetchItem(P.model, '10378.1/0000000'), reply(P.model, 'Fetch'), false);
    const wrong = await fetchItem(P.model, world.person);
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.detail, /correct category or subtype/);
    const anon = await server.requestAs('anonymous', 'GET', `${REG}${P.model}/fetch${q({ id: world.model })}`);
    assert.equal(anon.status, 401);
    const readerCreates = await reg(server, 'reader', 'POST', `${P.study}/create`, { display_name: 'S', title: 't', description: 'd' });
    assert.equal(readerCreates.status, 401);
  });

  it('shows items made through /registry/{kind} in the Provena view, and Provena items there', async () => {
    const made = await server.requestAs('writer', 'POST', '/registry/studies', { display_name: 'Plain', title: 'Plain', description: 'd' });
    assert.equal(made.status, 201);
    const res = parsed(await fetchItem(P.study, made.body.id), reply(P.study, 'Fetch'));
    assert.equal(res.item.title, 'Plain');
    assert.equal(res.item.history[0].reason, 'Initial record creation');
    const back = await server.request('GET', `/registry/models/${world.model}`);
    assert.equal(back.status, 200);
    assert.equal(back.body.name, 'hydro');
  });
});

describe('Provena registry: list', () => {
  it('pages until pagination_key is null, with no duplicate and no gap', async () => {
    const made = new Set<string>();
    for (let i = 0; i < 5; i++) made.add(await createVia(server, P.study, { display_name: `S${i}`, title: `t${i}`, description: 'd' }));
    const seen: string[] = [];
    let key: unknown = undefined;
    do {
      const body = { filter_by: { record_type: 'COMPLETE_ONLY' }, sort_by: { sort_type: 'UPDATED_TIME', ascending: false }, page_size: 2, ...(key ? { pagination_key: key } : {}) };
      const res = parsed(await reg(server, 'reader', 'POST', `${P.study}/list`, body), reply(P.study, 'List'));
      assert.ok(res.items.length <= 2);
      assert.equal(res.total_item_count, res.items.length);
      seen.push(...res.items.map((i: { id: string }) => i.id));
      key = res.pagination_key;
    } while (key);
    assert.equal(new Set(seen).size, seen.length);
    for (const id of made) assert.ok(seen.includes(id));
    const general = parsed(await reg(server, 'reader', 'POST', '/registry/general/list', { filter_by: { item_subtype: 'STUDY' }, page_size: 100 }), 'PaginatedListResponse');
    assert.ok(general.items.every((i: { item_subtype: string }) => i.item_subtype === 'STUDY'));
    assert.equal(general.pagination_key, null);
  });

  it('refuses a sort its filter cannot have (400) and bad filter combinations (422)', async () => {
    const bad = await reg(server, 'reader', 'POST', '/registry/general/list', { sort_by: { sort_type: 'RELEASE_TIMESTAMP' } });
    assert.equal(bad.status, 400);
    const both = await reg(server, 'reader', 'POST', '/registry/general/list', { filter_by: { item_subtype: 'DATASET', release_status: 'PENDING' } });
    assert.equal(both.status, 422);
  });
});

describe('Provena registry: update, version, revert, delete', () => {
  it('updates with a reason into the history, newest first, and needs the reason', async () => {
    const id = await createVia(server, P.organisation, { display_name: 'Org', name: 'Org' });
    const noReason = await reg(server, 'writer', 'PUT', `${P.organisation}/update${q({ id })}`, { display_name: 'Org 2', name: 'Org' });
    assert.equal(noReason.status, 400);
    parsed(await reg(server, 'writer', 'PUT', `${P.organisation}/update${q({ id, reason: 'rename' })}`, { display_name: 'Org 2', name: 'Org' }), 'StatusResponse');
    const item = parsed(await fetchItem(P.organisation, id), reply(P.organisation, 'Fetch')).item;
    assert.equal(item.display_name, 'Org 2');
    assert.deepEqual(item.history.map((h: { id: number; reason: string }) => [h.id, h.reason]), [[1, 'rename'], [0, 'Initial record creation']]);
    assert.equal(item.history[1].item.display_name, 'Org');
    const unknown = await reg(server, 'writer', 'PUT', `${P.organisation}/update${q({ id: 'nope', reason: 'r' })}`, { display_name: 'x', name: 'x' });
    assert.equal(unknown.status, 400);
    // Another writer's item: Provena gives the general roles only (metadata-read).
    const other = await reg(server, 'admin', 'PUT', `${P.organisation}/update${q({ id: world.organisation, reason: 'r' })}`, { display_name: 'Example Lab', name: 'Example Lab' });
    parsed(other, 'StatusResponse');
    const ownerless = await createVia(server, P.organisation, { display_name: 'Admin org', name: 'A' }, 'admin');
    const denied = await reg(server, 'writer', 'PUT', `${P.organisation}/update${q({ id: ownerless, reason: 'r' })}`, { display_name: 'x', name: 'x' });
    assert.equal(denied.status, 401);
  });

  it('versions an item into a new item linked both ways, once', async () => {
    const res = parsed(await reg(server, 'writer', 'POST', `${P.model}/version`, { id: world.model, reason: 'new release' }), 'VersionResponse');
    const next = parsed(await fetchItem(P.model, res.new_version_id), reply(P.model, 'Fetch')).item;
    assert.deepEqual(next.versioning_info, { version: 2, previous_version: world.model, reason: 'new release' });
    assert.equal(next.workflow_links.version_activity_workflow_id, res.version_job_session_id);
    assert.equal(next.history[0].reason, `New version of existing item (id=${world.model}).`);
    const old = parsed(await fetchItem(P.model, world.model), reply(P.model, 'Fetch')).item;
    assert.equal(old.versioning_info.next_version, res.new_version_id);
    const again = await reg(server, 'writer', 'POST', `${P.model}/version`, { id: world.model, reason: 'again' });
    assert.equal(again.status, 400);
    assert.match(again.body.detail, /not the latest version/);
  });

  it('reverts to a history entry, adding an entry', async () => {
    const id = await createVia(server, P.study, { display_name: 'V0', title: 't', description: 'd' });
    parsed(await reg(server, 'writer', 'PUT', `${P.study}/update${q({ id, reason: 'r1' })}`, { display_name: 'V1', title: 't', description: 'd' }), 'StatusResponse');
    parsed(await reg(server, 'writer', 'PUT', `${P.study}/revert`, { id, history_id: 0, reason: 'undo' }), 'ItemRevertResponse');
    const item = parsed(await fetchItem(P.study, id), reply(P.study, 'Fetch')).item;
    assert.equal(item.display_name, 'V0');
    assert.equal(item.history[0].reason, '(Restoring to v0) undo');
    const missing = await reg(server, 'writer', 'PUT', `${P.study}/revert`, { id, history_id: 9, reason: 'x' });
    assert.equal(missing.status, 400);
  });

  it('deletes as admin only', async () => {
    const id = await createVia(server, P.study, { display_name: 'Doomed', title: 't', description: 'd' });
    assert.equal((await reg(server, 'writer', 'DELETE', `${P.study}/delete${q({ id })}`)).status, 401);
    assert.equal(parsed(await reg(server, 'admin', 'DELETE', `${P.study}/delete${q({ id })}`), 'StatusResponse').status.details, 'Item deleted.');
    parsed(await fetchItem(P.study, id), reply(P.study, 'Fetch'), false);
    assert.equal((await reg(server, 'admin', 'DELETE', `${P.study}/delete${q({ id })}`)).status, 400);
  });
});

describe('Provena registry: seeds, general routes, auth and locks', () => {
  it('seeds an item with no body, then completes it by update', async () => {
    const seeded = parsed(await reg(server, 'writer', 'POST', `${P.model}/seed`), reply(P.model, 'Seed'));
    const id = seeded.seeded_item.id;
    assert.equal(seeded.seeded_item.record_type, 'SEED_ITEM');
    parsed(await fetchItem(P.model, id), reply(P.model, 'Fetch'), false);
    assert.equal(parsed(await fetchItem(P.model, id, { seed_allowed: true }), reply(P.model, 'Fetch')).item_is_seed, true);
    const body = { display_name: 'Seeded', name: 's', description: 'd', documentation_url: 'https://e.org/d', source_url: 'https://e.org/s' };
    const up = parsed(await reg(server, 'writer', 'PUT', `${P.model}/update${q({ id })}`, body), 'StatusResponse');
    assert.match(up.status.details, /Seeded item was updated to a complete item/);
    const item = parsed(await fetchItem(P.model, id), reply(P.model, 'Fetch')).item;
    assert.equal(item.record_type, 'COMPLETE_ITEM');
    assert.deepEqual(item.history.map((h: { id: number }) => h.id), [0]);
    assert.equal((await server.request('GET', `/registry/models/${id}`)).status, 200);
  });

  it('general fetch, general list and the version route', async () => {
    const res = parsed(await reg(server, 'reader', 'GET', `/registry/general/fetch${q({ id: world.inputDataset })}`), 'UntypedFetchResponse');
    assert.equal(res.item.item_subtype, 'DATASET');
    parsed(await reg(server, 'reader', 'GET', `/registry/general/fetch${q({ id: 'missing' })}`), 'UntypedFetchResponse', false);
    const counts: Record<string, number> = {};
    let key: unknown = undefined;
    do {
      const page = parsed(await reg(server, 'reader', 'POST', '/registry/general/list', { filter_by: { record_type: 'COMPLETE_ONLY' }, page_size: 20, ...(key ? { pagination_key: key } : {}) }), 'PaginatedListResponse');
      for (const item of page.items) counts[item.item_subtype] = (counts[item.item_subtype] ?? 0) + 1;
      key = page.pagination_key;
    } while (key);
    assert.ok(counts.DATASET! >= 2 && counts.PERSON! >= 1 && counts.MODEL_RUN_WORKFLOW_TEMPLATE! >= 1);
    parsed(await reg(server, 'reader', 'GET', '/registry/general/about/version'), 'VersionResponse');
  });

  it('auth evaluate and roles, schema, locks with history and locked', async () => {
    const roles = parsed(await reg(server, 'writer', 'GET', `${P.person}/auth/evaluate${q({ id: world.person })}`), 'DescribeAccessResponse');
    assert.deepEqual(roles.roles, ['metadata-read', 'metadata-write', 'admin']);
    const all = parsed(await reg(server, 'reader', 'GET', `${P.dataset}/auth/roles`), 'AuthRolesResponse');
    assert.equal(all.roles.length, 5);
    const schema = parsed(await reg(server, 'reader', 'GET', `${P.person}/schema`), 'JsonSchemaResponse');
    assert.ok((schema as any).json_schema.properties.email);
    const id = await createVia(server, P.study, { display_name: 'Locked', title: 't', description: 'd' });
    parsed(await reg(server, 'writer', 'PUT', `${P.study}/locks/lock`, { id, reason: 'freeze' }), 'StatusResponse');
    assert.equal((await reg(server, 'writer', 'PUT', `${P.study}/locks/lock`, { id, reason: 'again' })).status, 400);
    // get_lock_history parses locks/history as LockHistoryResponse; get_lock_status also calls locks/history
    // (not locks/locked) and parses it as LockStatusResponse, so the one reply must be both.
    const history = await reg(server, 'reader', 'GET', `${P.study}/locks/history${q({ id })}`);
    assert.equal(parsed(history, 'LockHistoryResponse').history[0].action_type, 'LOCK');
    assert.equal(parsed(history, 'LockStatusResponse').locked, true);
    assert.deepEqual((await reg(server, 'reader', 'GET', `${P.study}/locks/locked${q({ id })}`)).body, { locked: true });
    const blocked = await reg(server, 'writer', 'PUT', `${P.study}/update${q({ id, reason: 'r' })}`, { display_name: 'x', title: 't', description: 'd' });
    assert.equal(blocked.status, 401);
    assert.equal(blocked.body.detail, 'Cannot perform this action as the resource is locked.');
    assert.equal((await reg(server, 'reader', 'GET', `${P.study}/locks/history${q({ id: 'nope' })}`)).status, 400);
  });

  it('lists registered model runs as MODEL_RUN items', async () => {
    const { recordFor } = await import('../helpers/provena-registry.js');
    const lodged = await server.requestAs('writer', 'POST', '/model_run/register_complete', recordFor(world));
    assert.equal(lodged.status, 200, JSON.stringify(lodged.body));
    const run = parsed(await fetchItem(P.modelRun, lodged.body.record_info.id), reply(P.modelRun, 'Fetch'));
    assert.equal(run.item.record_status, 'LODGED');
    assert.equal(run.item.owner_username, 'api-key:test writer');
    const ids: string[] = [];
    let key: unknown = undefined;
    do {
      const page = parsed(await reg(server, 'reader', 'POST', `${P.modelRun}/list`, { page_size: 1, ...(key ? { pagination_key: key } : {}) }), reply(P.modelRun, 'List'));
      ids.push(...page.items.map((i: { id: string }) => i.id));
      key = page.pagination_key;
    } while (key);
    assert.deepEqual(ids, [lodged.body.record_info.id]);
  });
});
