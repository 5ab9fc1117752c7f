// The models pages in a real browser: projects from the model list, a project's models table as the API has
// them, a run triggered from the form (a refused selector says the server's words), a model's SQL, tests
// with their latest results and run history, and a reader who sees no trigger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { assertAccessible, browserSkip, launchBrowser, openPage, openSignedIn, screenshot, signIn } from '../helpers/browser.js';
import { modelRuns, type Json } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const RUN_PATH = /^\/runs\/([0-9a-f-]{36})$/;

/** The text of each body row's cells, header cell included. */
async function rowsOf(table: Locator): Promise<string[][]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => (await row.locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())));
}

async function runIdFromUrl(page: Page): Promise<string> {
  await page.waitForURL((url) => RUN_PATH.test(url.pathname));
  return RUN_PATH.exec(new URL(page.url()).pathname)![1]!;
}

describe('UI: models', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  let api: ReturnType<typeof modelRuns>;
  let triggered: Json;
  let otherRun: Json;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    api = modelRuns(server);
    await api.model('shop', 'orders', "SELECT * FROM (VALUES (1, 'open', 10), (2, 'shipped', 25), (3, 'lost', 5)) t(id, status, amount)", {
      materialization: 'TABLE',
      tags: ['staging'],
      description: 'Every order, one row each',
    });
    await api.model('shop', 'customers', 'SELECT 1 AS id', { materialization: 'VIEW', tags: ['staging', 'crm'] });
    await api.model('shop', 'revenue', 'SELECT sum(amount) AS total FROM {{ ref("orders") }}', { materialization: 'TABLE', tags: ['mart'] });
    await api.model('other', 'lonely', 'SELECT 42 AS answer');
    for (const test of [
      { name: 'id is set', test_type: 'not_null', column: 'id' },
      { name: 'known statuses', test_type: 'accepted_values', column: 'status', config: { values: ['open', 'shipped'] } },
    ]) {
      const res = await server.request('POST', '/v1/models/shop/orders/tests', test);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    otherRun = await api.finished((await api.trigger({ project_name: 'other' })).id);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the projects page groups the models by project', async () => {
    const page = await openSignedIn(browser, server, '/projects');
    await page.getByRole('heading', { name: 'Model projects' }).waitFor();
    const table = page.getByRole('table');
    await table.getByRole('link', { name: 'shop' }).waitFor();
    const rows = await rowsOf(table);
    assert.deepEqual(
      rows.map((r) => r.slice(0, 2)),
      [
        ['other', '1'],
        ['shop', '3'],
      ],
    );
    assert.match(rows[1]![2]!, /2 table.*1 view/);
    assert.equal(rows[1]![3], 'crm mart staging');
    await assertAccessible(page, 'projects');
    await screenshot(page, 'models-projects');
  });

  test('a project shows its models as the API has them; a run triggered from the form opens its page', async () => {
    const page = await openSignedIn(browser, server, '/projects');
    await page.getByRole('link', { name: 'shop' }).click();
    await page.getByRole('heading', { name: 'Project shop' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/projects/shop');

    const expected = (await server.request('GET', '/v1/models?project_name=shop')).body.data as Json[];
    const table = page.getByRole('region', { name: 'Models' }).getByRole('table');
    await table.getByRole('link', { name: 'revenue' }).waitFor();
    const rows = await rowsOf(table);
    assert.deepEqual(
      rows.map((r) => [r[0]!.split(' ')[0], r[1], r[2], r[3]]),
      expected.map((m) => [m.name, m.materialization, m.tags.join(' ') || '—', m.depends_on.map((d: string) => d.replace('shop.', '')).join(' ') || '—']),
    );
    assert.deepEqual(rows.map((r) => r[0]!.split(' ')[0]), ['customers', 'orders', 'revenue']);

    // Highlighting a model puts it in the URL.
    await page.getByRole('button', { name: 'Highlight revenue in the graph' }).click();
    await page.waitForURL((url) => url.searchParams.get('model') === 'shop.revenue');
    assert.equal(await page.getByRole('button', { name: 'Highlighted revenue in the graph' }).getAttribute('aria-pressed'), 'true');

    assert.equal(await page.getByRole('link', { name: 'All runs of shop' }).getAttribute('href'), '/runs?project=shop');
    await assertAccessible(page, 'project');
    await screenshot(page, 'models-project');

    // A selector no model matches: the server's 400 detail, and no run.
    const before = (await server.request('GET', '/model-runs?project_name=shop')).body.data.length;
    await page.getByLabel('Selector').fill('no_such_model');
    await page.getByRole('button', { name: 'Trigger run' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /RL_VALIDATION.*no_such_model.*not found/s);
    assert.equal((await server.request('GET', '/model-runs?project_name=shop')).body.data.length, before);

    // Vars that are not an object are refused before sending.
    await page.getByLabel('Selector').fill('+revenue');
    await page.getByLabel('Vars (JSON)').fill('[1, 2]');
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await page.getByText('Vars must be a JSON object').waitFor();

    await page.getByLabel('Vars (JSON)').fill('{"region": "eu"}');
    await page.getByLabel('Full refresh').check();
    await page.getByRole('button', { name: 'Trigger run' }).click();
    const runId = await runIdFromUrl(page);
    const run = await server.request('GET', `/model-runs/${runId}`);
    assert.equal(run.status, 200);
    assert.equal(run.body.project_name, 'shop');
    assert.deepEqual(run.body.model_names, ['+revenue']);
    assert.equal(run.body.full_refresh, true);
    assert.deepEqual(run.body.vars, { region: 'eu' });
    triggered = await api.finished(runId);
    // The "lost" order fails a test of orders, which fails the run.
    assert.equal(triggered.status, 'FAILED');
    assert.match(triggered.error_message, /test.*shop\.orders/);
  });

  test('a model page shows its SQL, its tests with their latest results, and its run history', async () => {
    assert.ok(triggered, 'the trigger test ran first');
    const model = (await server.request('GET', '/v1/models/shop/orders')).body;
    const page = await openSignedIn(browser, server, '/projects/shop/models/orders');
    await page.getByRole('heading', { name: /^orders/, level: 1 }).waitFor();

    const sql = await page.getByRole('textbox', { name: 'SQL of orders', exact: true }).innerText();
    assert.equal(sql.trim(), model.sql);

    // Tests, with the result each had in the run just triggered.
    const steps = await api.steps(triggered.id);
    const ordersStep = steps.find((s) => s.model_name === 'shop.orders')!;
    const results = (await server.request('GET', `/model-runs/${triggered.id}/steps/${ordersStep.id}/test-results`)).body.data as Json[];
    const tests = (await server.request('GET', '/v1/models/shop/orders/tests')).body.data as Json[];
    const testsTable = page.getByRole('region', { name: 'Tests' }).getByRole('table');
    await testsTable.getByText(/PASS|FAIL/).first().waitFor();
    const rows = await rowsOf(testsTable);
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[2], r[4]!.split(' ')[0]]),
      tests.map((t) => [t.name, t.test_type, t.column, results.find((r) => r.test_id === t.id)!.status]),
    );
    // The "lost" order fails the accepted values: one failing row, said in words.
    assert.deepEqual(rows.map((r) => r[4]), ['PASS', 'FAIL 1 failing row']);

    // The run history lists the runs that built orders, the one triggered from the form among them, and not
    // the other project's run.
    const history = page.getByRole('region', { name: 'Run history' });
    await history.locator(`a[href="/runs/${triggered.id}"]`).waitFor();
    const builtOrders = (await server.request('GET', '/model-runs?model=shop.orders')).body.data.map((r: Json) => r.id);
    const shown = (await Promise.all((await history.locator('tbody tr a').all()).map((a) => a.getAttribute('href')))).map((h) => h!.replace('/runs/', ''));
    assert.deepEqual(shown, builtOrders);
    assert.ok(shown.includes(triggered.id));
    assert.ok(!shown.includes(otherRun.id), 'a run of another project is not in the history');
    const lineage = page.getByRole('link', { name: 'Lineage of its latest build' });
    assert.equal(await lineage.getAttribute('href'), `/lineage?start=${ordersStep.output_entity_id}`);

    await assertAccessible(page, 'model');
    await screenshot(page, 'models-model');

    // "Run this model" runs it alone.
    await page.getByRole('button', { name: 'Run this model' }).click();
    const runId = await runIdFromUrl(page);
    const run = await server.request('GET', `/model-runs/${runId}`);
    assert.deepEqual(run.body.model_names, ['orders']);
    await api.finished(runId);
  });

  test('writers add and delete a test on the model page', async () => {
    const page = await openSignedIn(browser, server, '/projects/shop/models/customers');
    await page.getByRole('button', { name: 'Add a test' }).click();
    await page.getByLabel('Test name').fill('unique ids');
    await page.getByLabel('Type').selectOption('unique');
    await page.getByLabel('Column').fill('id');
    await assertAccessible(page, 'model test form');
    await page.getByRole('button', { name: 'Add test' }).click();
    const table = page.getByRole('region', { name: 'Tests' }).getByRole('table');
    await table.getByRole('rowheader', { name: 'unique ids' }).waitFor();
    const stored = (await server.request('GET', '/v1/models/shop/customers/tests')).body.data as Json[];
    assert.deepEqual(stored.map((t) => [t.name, t.test_type, t.column]), [['unique ids', 'unique', 'id']]);

    await page.getByRole('button', { name: 'Delete test unique ids' }).click();
    await page.getByText('No tests.').waitFor();
    assert.deepEqual((await server.request('GET', '/v1/models/shop/customers/tests')).body.data, []);
  });

  test('writers edit a model; an edit made meanwhile by someone else is not overwritten', async () => {
    const page = await openSignedIn(browser, server, '/projects/shop/models/customers');
    await page.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('form', { name: 'Edit the model' });
    const sql = editor.getByRole('textbox', { name: 'SQL of customers, editable' });
    await sql.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('SELECT 2 AS id');
    await editor.getByLabel('Description').fill('Customers who ordered');
    await editor.getByLabel('Tags (comma-separated)').fill('crm, gold');
    await editor.getByLabel('Materialization').selectOption('TABLE');
    await assertAccessible(page, 'model editor');
    await screenshot(page, 'models-model-edit');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    assert.equal((await page.getByRole('textbox', { name: 'SQL of customers', exact: true }).innerText()).trim(), 'SELECT 2 AS id');
    await page.getByRole('complementary', { name: 'About this model' }).getByText('Customers who ordered').waitFor();
    const saved = (await server.request('GET', '/v1/models/shop/customers')).body;
    assert.deepEqual([saved.sql, saved.description, saved.tags, saved.materialization], ['SELECT 2 AS id', 'Customers who ordered', ['crm', 'gold'], 'TABLE']);

    await page.getByRole('button', { name: 'Edit' }).click();
    await editor.getByLabel('Description').fill('My description');
    const theirs = await server.request('PATCH', '/v1/models/shop/customers', { description: 'Their description' });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    await editor.getByRole('button', { name: 'Save' }).click();
    assert.match(await editor.getByRole('alert').innerText(), /RL_PRECONDITION_FAILED/);
    assert.equal((await server.request('GET', '/v1/models/shop/customers')).body.description, 'Their description');
    await editor.getByRole('button', { name: 'Load their version' }).click();
    await waitFor(async () => ((await editor.getByLabel('Description').inputValue()) === 'Their description' ? true : undefined), 'their version in the editor');
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a reader sees the models but no trigger, no run button and no test editing', async () => {
    const res = await server.request('POST', '/users', { username: 'rita', password: 'reader-password-1', role: 'reader' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const page = await openPage(browser, server, '/projects/shop');
    await signIn(page, 'rita', 'reader-password-1');
    const ordersLink = page.getByRole('region', { name: 'Models' }).getByRole('rowheader', { name: /^orders/ }).getByRole('link');
    await ordersLink.waitFor();
    await page.getByText('triggering a run needs the writer role').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Trigger run' }).count(), 0);

    await ordersLink.click();
    await page.getByRole('textbox', { name: 'SQL of orders', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Tests' }).getByRole('rowheader', { name: 'id is set' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Run this model' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Edit' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add a test' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Delete/ }).count(), 0);
  });

  test('a project with no models says so', async () => {
    const page = await openSignedIn(browser, server, '/projects/nothing-here');
    await page.getByText('This project has no models.').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Project nothing-here');
  });
});
