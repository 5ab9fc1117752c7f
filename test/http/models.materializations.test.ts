// Every materialization: incremental models appended to, merged on their unique key and delete+insert,
// is_incremental() true only once built, full_refresh and a table gone building whole, on_schema_change
// fail; ephemeral models inlined as CTEs with no step of their own, lineage still through them.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { modelRuns } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let api: ReturnType<typeof modelRuns>;

const FIRST = 'id,kind,amount,day\n1,web,10,1\n2,shop,20,1\n3,web,30,2\n';
// Day 3 brings two new rows and a correction of row 3 (whose day moves to 3, so every filter sees it).
const SECOND = 'id,kind,amount,day\n1,web,10,1\n2,shop,20,1\n3,web,35,3\n4,shop,40,3\n5,web,50,3\n';

const table = (name: string) => api.rows('inc', `SELECT id, amount FROM inc.inc.${name} ORDER BY id, amount`);

before(async () => {
  server = await startTestServer();
  api = modelRuns(server);
  await api.writeFile('inc', 'events.csv', FIRST);
});
after(() => server.close());

describe('incremental models', () => {
  const since = (column: string) => `{% if is_incremental() %} WHERE ${column} > (SELECT max(${column}) FROM {{ this }}){% endif %}`;

  it('build whole on their first run, is_incremental() false', async () => {
    await api.model('inc', 'appended', `SELECT id, amount FROM read_csv_auto('events.csv')${since('id')}`, { materialization: 'INCREMENTAL' });
    await api.model('inc', 'merged', `SELECT id, amount, day FROM read_csv_auto('events.csv')${since('day').replace('>', '>=')}`, {
      materialization: 'INCREMENTAL',
      config: { unique_key: ['id'] },
    });
    await api.model('inc', 'replaced', `SELECT id, amount, day FROM read_csv_auto('events.csv')${since('day').replace('>', '>=')}`, {
      materialization: 'INCREMENTAL',
      config: { unique_key: ['id'], incremental_strategy: 'delete+insert' },
    });
    const { run, steps } = await api.run({ project_name: 'inc' });
    assert.equal(run.status, 'SUCCESS', run.error_message);
    for (const step of Object.values(steps)) {
      assert.doesNotMatch(step.compiled_sql, /max\(/, `${step.model_name}: no incremental filter on a first build`);
      assert.equal(step.rows_affected, 3);
    }
  });

  it('add only the new rows on the next run: appended, merged on the key, or deleted and inserted', async () => {
    await api.writeFile('inc', 'events.csv', SECOND);
    const { run, steps } = await api.run({ project_name: 'inc' });
    assert.equal(run.status, 'SUCCESS', run.error_message);
    assert.match(steps['inc.appended']!.compiled_sql, /WHERE \(id > \(SELECT max\(id\) FROM inc\.inc\.appended\)\)/, '{{ this }} is the table');
    assert.deepEqual(await table('appended'), [[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]], 'appended: id 3 stays as first built');
    const expected = [[1, 10], [2, 20], [3, 35], [4, 40], [5, 50]];
    assert.deepEqual(await table('merged'), expected, 'merged: id 3 corrected in place');
    assert.deepEqual(await table('replaced'), expected, 'delete+insert: id 3 replaced');
    assert.equal(steps['inc.merged']!.rows_affected, 5);
  });

  it('build whole again on full_refresh', async () => {
    const { run, steps } = await api.run({ project_name: 'inc', model_names: ['appended'], full_refresh: true });
    assert.equal(run.status, 'SUCCESS', run.error_message);
    assert.equal(run.full_refresh, true);
    assert.doesNotMatch(steps['inc.appended']!.compiled_sql, /max\(/);
    assert.deepEqual(await table('appended'), [[1, 10], [2, 20], [3, 35], [4, 40], [5, 50]]);
  });

  it('build whole when their table is gone, though compiled to add to it', async () => {
    for (const file of ['inc.duckdb', 'inc.duckdb.wal']) await fs.rm(path.join(server.config.dataDir, 'warehouses', file), { force: true });
    const { run, steps } = await api.run({ project_name: 'inc', model_names: ['merged'] });
    assert.equal(run.status, 'SUCCESS', run.error_message);
    assert.match(steps['inc.merged']!.compiled_sql, /max\("day"\)/, 'compiled against the build the store knows of');
    assert.deepEqual(await api.rows('inc', 'SELECT count(*) FROM inc.inc.merged'), [[5]]);
  });

  it('with on_schema_change fail, refuse an increment whose columns changed', async () => {
    const sql = `SELECT id{% if var('with_kind', false) %}, kind{% endif %} FROM read_csv_auto('events.csv')${since('id')}`;
    await api.model('inc', 'strict', sql, { materialization: 'INCREMENTAL', config: { on_schema_change: 'fail' } });
    assert.equal((await api.run({ project_name: 'inc', model_names: ['strict'] })).run.status, 'SUCCESS');
    const { run, steps } = await api.run({ project_name: 'inc', model_names: ['strict'], vars: { with_kind: true } });
    assert.equal(run.status, 'FAILED');
    assert.match(steps['inc.strict']!.error_message, /on_schema_change is fail and its columns changed: new kind VARCHAR; gone none/);
  });
});

describe('ephemeral models', () => {
  it('are inlined as CTEs, nested ones too, with no step; what reads them runs after what they read', async () => {
    await api.model('eph', 'dim', 'SELECT 1 AS id, 10 AS weight', { materialization: 'TABLE' });
    await api.writeFile('eph', 'base.csv', 'id,amount\n1,5\n1,7\n2,9\n');
    await api.model('eph', 'base', "SELECT * FROM read_csv_auto('base.csv')", { materialization: 'EPHEMERAL' });
    await api.model('eph', 'weighted', "SELECT b.id, b.amount * d.weight AS w FROM {{ ref('base') }} b JOIN {{ ref('dim') }} d USING (id)", { materialization: 'EPHEMERAL' });
    await api.model('eph', 'total', "SELECT id, sum(w) AS total FROM {{ ref('weighted') }} GROUP BY id", { materialization: 'TABLE' });
    const { run, steps } = await api.run({ project_name: 'eph' });
    assert.equal(run.status, 'SUCCESS', run.error_message);
    assert.deepEqual(Object.keys(steps).sort(), ['eph.dim', 'eph.total'], 'no step for an ephemeral model');
    const total = steps['eph.total']!;
    assert.ok(total.tier > steps['eph.dim']!.tier, 'after the table its ephemeral upstream reads');
    assert.deepEqual(total.depends_on, ['eph.base', 'eph.dim', 'eph.weighted']);
    assert.match(total.compiled_sql, /^WITH base AS \(SELECT \* FROM read_csv_auto\('base\.csv'\)\), weighted AS \(SELECT .* FROM base AS b INNER JOIN eph\.eph\.dim AS d/);
    assert.deepEqual(await api.rows('eph', 'SELECT id, total FROM eph.eph.total ORDER BY id'), [[1, 120]]);
    assert.deepEqual(JSON.parse(run.compile_manifest).models.map((m: { model_name: string }) => m.model_name), ['eph.dim', 'eph.total']);

    const up = await server.request('GET', `/explore/upstream?starting_id=${total.output_entity_id}&depth=10`);
    const names = up.body.graph.nodes.map((n: { item_subtype: string; display_name: string }) => `${n.item_subtype} ${n.display_name}`);
    assert.ok(names.includes('FILE base.csv'), `what the ephemeral model read is upstream of the table: ${names.join(', ')}`);
    assert.ok(names.includes('TABLE eph.dim'));
  });

  it('switches a model between view and table across runs', async () => {
    await api.model('eph', 'shape', 'SELECT 1 AS x', { materialization: 'VIEW' });
    assert.equal((await api.run({ project_name: 'eph', model_names: ['shape'] })).run.status, 'SUCCESS');
    assert.equal((await server.request('PATCH', '/models/eph/shape', { materialization: 'TABLE' })).status, 200);
    const { run, steps } = await api.run({ project_name: 'eph', model_names: ['shape'] });
    assert.equal(run.status, 'SUCCESS', run.error_message);
    assert.equal(steps['eph.shape']!.rows_affected, 1);
  });
});
