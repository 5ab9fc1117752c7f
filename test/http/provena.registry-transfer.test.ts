// Export from one registry, import into a fresh one under Provena handle ids, in every import mode; then a
// model run naming those handles registers and its lineage nodes carry them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { P, buildProvenaRegistryWorld, parsed, q, recordFor, reg, reply, type RegistryWorld } from '../helpers/provena-registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let source: TestServer;
let target: TestServer;
let world: RegistryWorld;
let bundles: any[];
before(async () => {
  source = await startTestServer();
  target = await startTestServer();
  const built = await buildProvenaRegistryWorld(source);
  // A history beyond creation, a lock and a seed travel too.
  parsed(await reg(source, 'writer', 'PUT', `${P.study}/update${q({ id: built.study, reason: 'retitle' })}`, { display_name: 'Study', title: 'Renamed', description: 'd' }), 'StatusResponse');
  parsed(await reg(source, 'writer', 'PUT', `${P.organisation}/locks/lock`, { id: built.organisation, reason: 'stable' }), 'StatusResponse');
  parsed(await reg(source, 'writer', 'POST', `${P.model}/seed`), reply(P.model, 'Seed'));
  const exported = parsed(await reg(source, 'admin', 'GET', '/admin/export'), 'RegistryExportResponse');
  // Give every item a Provena handle, as an export from Provena would carry.
  let text = JSON.stringify(exported.items);
  const handles = new Map<string, string>();
  exported.items.forEach((b: { id: string }, i: number) => handles.set(b.id, `10378.1/${1704799 + i}`));
  for (const [id, handle] of handles) text = text.replaceAll(id, handle);
  bundles = JSON.parse(text);
  world = Object.fromEntries(Object.entries(built).map(([k, id]) => [k, handles.get(id)!])) as RegistryWorld;
});
after(async () => {
  await source.close();
  await target.close();
});

// RegistryImportRequest as the client serialises it: exclude_none keeps the defaulted fields, so all are sent.
const importAs = (body: Record<string, unknown>) =>
  reg(target, 'admin', 'POST', '/admin/import', { parse_items: true, allow_entry_deletion: false, trial_mode: true, ...body });
const fetchGeneral = (id: string) => reg(target, 'reader', 'GET', `/registry/general/fetch${q({ id })}`);
const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

describe('Provena registry export and import', () => {
  it('a trial import (the default) reports and writes nothing', async () => {
    const res = parsed(await importAs({ import_mode: 'ADD_ONLY', items: bundles }), 'RegistryImportResponse');
    assert.equal(res.trial_mode, true);
    assert.equal(res.status.details, 'TRIAL: Successfully imported with mode: ADD_ONLY.');
    assert.deepEqual(res.statistics, { old_registry_size: 0, new_registry_size: bundles.length, deleted_entries: 0, overwritten_entries: 0, new_entries: bundles.length });
    parsed(await fetchGeneral(world.organisation), 'UntypedFetchResponse', false);
  });

  it('refuses bundles that do not parse, listing each with its bundle', async () => {
    const bad = { ...bundles[0], item_payload: { ...bundles[0].item_payload, item_subtype: 'WORKFLOW_RUN' } };
    const res = parsed(await importAs({ import_mode: 'ADD_ONLY', trial_mode: false, items: [bad, ...bundles.slice(1)] }), 'RegistryImportResponse', false);
    assert.equal(res.failure_list.length, 1);
    assert.equal(res.failure_list[0][1].id, bad.id);
    parsed(await fetchGeneral(world.organisation), 'UntypedFetchResponse', false);
    assert.equal((await importAs({ import_mode: 'ADD_ONLY', items: 'x' })).status, 422);
    assert.equal((await reg(target, 'writer', 'POST', '/admin/import', { import_mode: 'ADD_ONLY', items: [] })).status, 401);
  });

  it('ADD_ONLY keeps the handle ids, histories, timestamps, access and locks', async () => {
    const res = parsed(await importAs({ import_mode: 'ADD_ONLY', trial_mode: false, items: bundles }), 'RegistryImportResponse');
    assert.equal(res.statistics.new_entries, bundles.length);
    for (const bundle of bundles) {
      const got = parsed(await fetchGeneral(bundle.id), 'UntypedFetchResponse');
      assert.deepEqual(withoutNulls(got.item), bundle.item_payload);
    }
    const study = parsed(await reg(target, 'reader', 'GET', `${P.study}/fetch${q({ id: world.study })}`), reply(P.study, 'Fetch'));
    assert.equal(study.item.id, world.study);
    assert.deepEqual(study.item.history.map((h: { reason: string }) => h.reason), ['retitle', 'Initial record creation']);
    // runledger's own view resolves the handle too (URL-encoded in the path).
    const plain = await target.request('GET', `/registry/models/${encodeURIComponent(world.model)}`);
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.equal(plain.body.id, world.model);
    const lock = parsed(await reg(target, 'reader', 'GET', `${P.organisation}/locks/history${q({ id: world.organisation })}`), 'LockStatusResponse');
    assert.equal(lock.locked, true);
    const again = parsed(await reg(target, 'admin', 'GET', '/admin/export'), 'RegistryExportResponse');
    assert.deepEqual(
      again.items.map((b: { id: string }) => b.id).sort(),
      bundles.map((b) => b.id).sort(),
    );
    const duplicate = parsed(await importAs({ import_mode: 'ADD_ONLY', trial_mode: false, items: bundles }), 'RegistryImportResponse', false);
    assert.equal(duplicate.failure_list.length, bundles.length);
  });

  it('OVERWRITE_ONLY, ADD_OR_OVERWRITE and the two SYNC modes', async () => {
    const n = bundles.length;
    const over = parsed(await importAs({ import_mode: 'OVERWRITE_ONLY', trial_mode: false, items: bundles }), 'RegistryImportResponse');
    assert.deepEqual(over.statistics, { old_registry_size: n, new_registry_size: n, deleted_entries: 0, overwritten_entries: n, new_entries: 0 });
    const extra = JSON.parse(JSON.stringify(bundles.find((b) => b.id === world.study)).replaceAll(world.study, '10378.1/9999999'));
    parsed(await importAs({ import_mode: 'OVERWRITE_ONLY', trial_mode: false, items: [extra] }), 'RegistryImportResponse', false);
    const add = parsed(await importAs({ import_mode: 'ADD_OR_OVERWRITE', trial_mode: false, items: [...bundles, extra] }), 'RegistryImportResponse');
    assert.deepEqual(add.statistics, { old_registry_size: n, new_registry_size: n + 1, deleted_entries: 0, overwritten_entries: n, new_entries: 1 });
    parsed(await importAs({ import_mode: 'SYNC_ADD_OR_OVERWRITE', trial_mode: false, items: bundles }), 'RegistryImportResponse', false);
    parsed(await importAs({ import_mode: 'SYNC_DELETION_ALLOWED', trial_mode: false, items: bundles }), 'RegistryImportResponse', false);
    const sync = parsed(await importAs({ import_mode: 'SYNC_DELETION_ALLOWED', allow_entry_deletion: true, trial_mode: false, items: bundles }), 'RegistryImportResponse');
    assert.deepEqual(sync.statistics, { old_registry_size: n + 1, new_registry_size: n, deleted_entries: 1, overwritten_entries: n, new_entries: 0 });
    parsed(await fetchGeneral('10378.1/9999999'), 'UntypedFetchResponse', false);
  });

  it('registers a model run naming the imported handles; its lineage nodes carry them', async () => {
    const res = await target.requestAs('writer', 'POST', '/model_run/register_complete', recordFor(world));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const prov = JSON.parse(res.body.record_info.prov_json);
    assert.equal(prov.prefix.hdl, 'https://hdl.handle.net/');
    assert.ok(prov.entity[`hdl:${world.inputDataset}`]);
    const upstream = await target.request('GET', `/explore/upstream${q({ starting_id: res.body.record_info.id, depth: 1 })}`);
    assert.equal(upstream.status, 200);
    const nodes = new Map(upstream.body.graph.nodes.map((n: { id: string; item_subtype: string }) => [n.id, n.item_subtype]));
    assert.equal(nodes.get(world.inputDataset), 'DATASET');
    assert.equal(nodes.get(world.model), 'MODEL');
    assert.equal(nodes.get(world.person), 'PERSON');
    const down = await target.request('GET', `/explore/downstream${q({ starting_id: world.inputDataset, depth: 1 })}`);
    assert.ok(down.body.graph.nodes.some((n: { id: string }) => n.id === res.body.record_info.id));
    // A seed is not a complete item: a record naming one does not validate.
    const seed = bundles.find((b) => b.item_payload.record_type === 'SEED_ITEM');
    const withSeed = await target.requestAs('writer', 'POST', '/model_run/register_complete', { ...recordFor(world), study_id: seed.id });
    assert.equal(withSeed.status, 400);
  });
});
