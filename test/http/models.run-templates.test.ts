// A run compiles each model's template: ref, source (a file, a relation, one not declared), var (project
// settings overlaid by the trigger's), macros called from the template and from SQL. Faults found at the
// trigger are 400s naming the model and store nothing; what fails only when it runs fails its step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { modelRuns, type Json } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let api: ReturnType<typeof modelRuns>;

async function defineMacro(name: string, parameters: string[], body: string) {
  const res = await server.request('POST', '/v1/macros', { name, parameters, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

before(async () => {
  server = await startTestServer();
  api = modelRuns(server);
  await api.writeFile('tpl', 'seeds/orders.csv', 'id,customer,amount_cents\n1,a,1000\n2,b,250\n3,a,50\n');
  await api.writeFile('tpl', 'seeds/customers.json', '[{"customer":"a","country":"NL"},{"customer":"b","country":"DE"}]');
  const settings = await server.request('PUT', '/v1/projects/tpl/settings', {
    vars: { min_cents: 100, country: 'NL' },
    sources: { 'raw.orders': { path: 'seeds/orders.csv' }, 'raw.customers': { path: 'seeds/customers.json' }, 'ref_data.rates': { relation: 'tpl.rates' } },
  });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  await defineMacro('cents_to_euros', ['c'], 'c / 100.0');
  await defineMacro('with_vat', ['x'], 'x * 1.21');
});
after(() => server.close());

describe('templates in a run', () => {
  let run: Json;
  let steps: Record<string, Json>;

  it('builds a project of ref, source, var and macros, and records what each step used', async () => {
    await api.model('tpl', 'rates', "SELECT 'EUR' AS currency, 1.0 AS rate", { materialization: 'TABLE' });
    await api.model('tpl', 'orders', "SELECT id, customer, {{ cents_to_euros('amount_cents') }} AS euros FROM {{ source('raw', 'orders') }} WHERE amount_cents >= {{ var('min_cents') }}", {
      materialization: 'TABLE',
    });
    await api.model(
      'tpl',
      'report',
      [
        'SELECT o.customer, with_vat(sum(o.euros)) AS gross, r.currency',
        "FROM {{ ref('orders') }} o JOIN {{ source('raw', 'customers') }} c USING (customer), {{ source('ref_data', 'rates') }} r",
        "WHERE c.country = '{{ var(\"country\") }}'",
        'GROUP BY o.customer, r.currency',
      ].join('\n'),
      { materialization: 'TABLE' },
    );
    ({ run, steps } = await api.run({ project_name: 'tpl' }));
    assert.equal(run.status, 'SUCCESS', run.error_message);
    assert.equal(run.trigger_type, 'MANUAL');
    assert.deepEqual(run.compile_diagnostics, { warnings: [], errors: [] });
    assert.deepEqual(await api.rows('tpl', 'SELECT customer, gross, currency FROM tpl.tpl.report'), [['a', 12.1, 'EUR']], '1000 cents in NL, with VAT');

    const orders = steps['tpl.orders']!;
    assert.equal(orders.compiled_sql, "SELECT id, customer, cents_to_euros(amount_cents) AS euros FROM read_csv_auto('seeds/orders.csv') WHERE (amount_cents >= 100)");
    assert.deepEqual(orders.depends_on, ['source:raw.orders']);
    assert.deepEqual(orders.vars_used, ['min_cents']);
    assert.deepEqual(orders.macros_used, ['cents_to_euros']);
    const report = steps['tpl.report']!;
    assert.deepEqual(report.depends_on, ['source:raw.customers', 'source:ref_data.rates', 'tpl.orders', 'tpl.rates']);
    assert.deepEqual(report.vars_used, ['country']);
    assert.deepEqual(report.macros_used, ['with_vat'], 'a macro called in the SQL itself');
    assert.equal(steps['tpl.rates']!.vars_used, undefined, 'absent when empty');
    assert.ok(report.order > orders.order && report.order > steps['tpl.rates']!.order, 'built after what it reads');
    assert.match(report.compiled_sql, /FROM tpl\.tpl\.orders AS o INNER JOIN read_json_auto\('seeds\/customers\.json'\) AS c USING \(customer\) , tpl\.tpl\.rates AS r/);

    const manifest = JSON.parse(run.compile_manifest);
    assert.equal(manifest.version, 1);
    assert.deepEqual(
      manifest.models.map((m: Json) => [m.model_name, m.compiled_hash, m.depends_on, m.vars_used, m.macros_used]),
      ['tpl.orders', 'tpl.rates', 'tpl.report'].map((n) => [n, steps[n]!.compiled_hash, steps[n]!.depends_on, steps[n]!.vars_used, steps[n]!.macros_used]),
    );
    for (const [macro, model] of [['cents_to_euros', 'tpl.orders'], ['with_vat', 'tpl.report']]) {
      const impact = await server.request('GET', `/v1/macros/${macro}/impact`);
      assert.deepEqual(impact.body.data.map((m: Json) => [m.model_name, m.target_schema]), [[model, 'tpl']], `the compile lineage of ${macro}`);
    }
  });

  it('overlays the project’s vars with the trigger’s, and hashes what the vars made', async () => {
    const { run: again, steps: next } = await api.run({ project_name: 'tpl', model_names: ['orders'], vars: { min_cents: 0 } });
    assert.equal(again.status, 'SUCCESS', again.error_message);
    assert.deepEqual(again.vars, { min_cents: 0 });
    assert.equal(run.vars, undefined, 'a trigger without vars has none');
    assert.match(next['tpl.orders']!.compiled_sql, /amount_cents >= 0/);
    assert.notEqual(next['tpl.orders']!.compiled_hash, steps['tpl.orders']!.compiled_hash);
    assert.deepEqual(await api.rows('tpl', 'SELECT count(*) FROM tpl.tpl.orders'), [[3]]);
  });

  it('refuses at the trigger a var with no value and SQL that does not parse, naming the model and line; stores nothing', async () => {
    await api.model('tpl', 'needs_var', "SELECT 1 AS x\nWHERE {{ var('cutoff') }} > 0", { materialization: 'VIEW' });
    await api.model('tpl', 'bad_sql', "SELECT {{ var('expr', '1') }} AS x", { materialization: 'VIEW' });
    const before = await countRows(server.ctx.db);
    const missing = await server.request('POST', '/model-runs', { project_name: 'tpl', model_names: ['needs_var'] });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error_code, 'RL_TEMPLATE_INVALID');
    assert.match(missing.body.detail, /^model tpl\.needs_var, line 2: var\('cutoff'\) has no value/);
    const unparsable = await server.request('POST', '/model-runs', { project_name: 'tpl', model_names: ['bad_sql'], vars: { expr: 'FROM' } });
    assert.equal(unparsable.status, 400);
    assert.equal(unparsable.body.error_code, 'RL_SQL_INVALID');
    assert.match(unparsable.body.detail, /^model tpl\.bad_sql: /);
    assert.deepEqual(await countRows(server.ctx.db), before, 'no run, no step');
    const given = await api.run({ project_name: 'tpl', model_names: ['needs_var', 'bad_sql'], vars: { cutoff: 1 } });
    assert.equal(given.run.status, 'SUCCESS', given.run.error_message);
  });

  it('warns of a source no setting declares, and fails the step when its relation is not there', async () => {
    await api.model('tpl', 'undeclared', "SELECT * FROM {{ source('elsewhere', 'things') }}", { materialization: 'TABLE' });
    await api.model('tpl', 'after_undeclared', "SELECT * FROM {{ ref('undeclared') }}", { materialization: 'TABLE' });
    const { run: failed, steps: failedSteps } = await api.run({ project_name: 'tpl', model_names: ['undeclared+'] });
    assert.equal(failed.compile_diagnostics.warnings.length, 1);
    assert.match(failed.compile_diagnostics.warnings[0], /^tpl\.undeclared: source\('elsewhere', 'things'\) is not declared/);
    assert.equal(failed.status, 'FAILED');
    assert.equal(failedSteps['tpl.undeclared']!.status, 'FAILED');
    assert.match(failedSteps['tpl.undeclared']!.error_message, /things/);
    assert.equal(failedSteps['tpl.after_undeclared']!.status, 'SKIPPED');
    assert.match(failedSteps['tpl.after_undeclared']!.error_message, /upstream model "tpl\.undeclared" failed/);
  });

  it('takes the platform’s default catalog or the project’s own, and refuses any other, naming it', async () => {
    for (const target_catalog of ['memory', 'tpl']) {
      const res = await server.request('POST', '/model-runs', { project_name: 'tpl', model_names: ['rates'], target_catalog });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await api.finished(res.body.id);
    }
    const other = await server.request('POST', '/model-runs', { project_name: 'tpl', target_catalog: 'lake' });
    assert.equal(other.status, 400);
    assert.match(other.body.detail, /target_catalog: "lake"/);
  });
});
