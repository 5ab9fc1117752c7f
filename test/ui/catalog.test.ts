// The catalog in a real browser, against a registry seeded through the API: browsing and searching show
// what the API answers, an edit made in the form becomes a version whose diff is exactly that change, the
// server's refusal of a value shows beside that field and stores nothing, and a run registered through the
// form built from a workflow template is lodged with the datasets chosen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, browserSkip, launchBrowser, openSignedIn, screenshot } from '../helpers/browser.js';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Named {
  id: string;
  display_name: string;
  description?: string;
}

const BULK = 30;

describe('catalog pages', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  let world: ProvenaWorld;
  let altInput: string;

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    world = await buildProvenaWorld(server, 'cat');
    for (let i = 1; i <= BULK; i++) {
      const name = `Bulk dataset ${String(i).padStart(2, '0')}`;
      await create(server, 'datasets', { display_name: name, description: `Rainfall grid ${i}` });
    }
    altInput = await create(server, 'datasets', { display_name: 'Alt input dataset', description: 'A second forcing set' });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function list(kind: string, query = ''): Promise<{ data: Named[]; next_page_token?: string }> {
    const res = await server.request('GET', `/registry/${kind}${query}`);
    assert.equal(res.status, 200);
    return res.body;
  }
  async function everything(kind: string): Promise<Named[]> {
    return (await list(kind, '?max_results=1000')).data;
  }
  /** The names in the table's first column, in order. */
  async function rowNames(page: Page): Promise<string[]> {
    await page.getByRole('table').waitFor();
    return page.locator('table.catalog-table tbody tr td:first-child').allInnerTexts();
  }

  test('the index names every kind of the registry, each linked to its list', async () => {
    const page = await openSignedIn(browser, server, '/catalog');
    await page.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
    for (const name of ['Persons', 'Organisations', 'Models', 'Studies', 'Dataset templates', 'Workflow templates', 'Datasets', 'Registered model runs']) {
      await page.locator('#main').getByRole('link', { name, exact: true }).waitFor();
    }
    // Each description comes from the API's schema for the kind.
    await page.getByText('A dataset (PROV entity)').waitFor();
    await assertAccessible(page, 'catalog index');
    await screenshot(page, 'catalog-index');
    await page.locator('#main').getByRole('link', { name: 'Workflow templates', exact: true }).click();
    assert.deepEqual(await rowNames(page), (await everything('workflow-templates')).map((w) => w.display_name));
  });

  test('browsing pages and searching a kind show the rows the API answers; the URL keeps both', async () => {
    const page = await openSignedIn(browser, server, '/catalog/datasets');
    const first = await list('datasets', '?max_results=25');
    assert.ok(first.next_page_token, 'the seed fills more than one page');
    assert.deepEqual(await rowNames(page), first.data.map((d) => d.display_name));
    await assertAccessible(page, 'catalog list');
    await screenshot(page, 'catalog-list');

    await page.getByRole('button', { name: 'Next →' }).click();
    const second = await list('datasets', `?max_results=25&page_token=${first.next_page_token}`);
    await page.getByText('Page 2').waitFor();
    assert.deepEqual(await rowNames(page), second.data.map((d) => d.display_name));
    await page.reload();
    assert.deepEqual(await rowNames(page), second.data.map((d) => d.display_name), 'a reload shows the same page');

    await page.getByLabel('Search datasets').fill('dataset 2');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=dataset/);
    const expected = (await everything('datasets')).filter((d) => [d.id, d.display_name, d.description ?? ''].some((t) => t.toLowerCase().includes('dataset 2')));
    assert.equal(expected.length, 10, 'Bulk dataset 20 to 29');
    await page.getByText(`${expected.length} matching “dataset 2”`).waitFor();
    assert.deepEqual(await rowNames(page), expected.map((d) => d.display_name));
    assert.equal(new URL(page.url()).searchParams.get('trail'), null, 'a new search starts at the first page');
    await assertAccessible(page, 'catalog search');
    await screenshot(page, 'catalog-search');

    await page.getByLabel('Search datasets').fill('forcing');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 matching “forcing”').waitFor();
    assert.deepEqual(await rowNames(page), ['Alt input dataset'], 'a search looks in the other text fields too');
  });

  test('an edit through the form becomes a new version, and the diff shows exactly the changed field', async () => {
    const page = await openSignedIn(browser, server, `/catalog/models/${world.model}`);
    await page.getByRole('heading', { name: 'Model cat', level: 1 }).waitFor();
    await page.getByText('A hydrology model').waitFor();
    await page.getByRole('link', { name: 'Open lineage' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Open lineage' }).getAttribute('href'), `/lineage?start=${world.model}`);
    await assertAccessible(page, 'catalog item');
    await screenshot(page, 'catalog-item');

    await page.getByRole('link', { name: 'Edit' }).click();
    const description = page.getByLabel('Description');
    await description.waitFor();
    assert.equal(await description.inputValue(), 'A hydrology model');
    await description.fill('A calibrated hydrology model');
    await page.getByLabel('Reason for the change').fill('say what it is');
    await assertAccessible(page, 'catalog edit');
    await screenshot(page, 'catalog-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();

    await page.getByRole('heading', { name: 'Model cat', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'say what it is' }).waitFor();
    const stored = await server.request('GET', `/registry/models/${world.model}`);
    assert.equal(stored.body.version, 2);
    assert.equal(stored.body.description, 'A calibrated hydrology model');

    const diffLines = async (kind: 'ins' | 'del') => page.locator(`figure.diff ${kind}`).allInnerTexts();
    await page.getByText('From v1 to v2').waitFor();
    assert.deepEqual(await diffLines('ins'), ['+  "description": "A calibrated hydrology model",']);
    assert.deepEqual(await diffLines('del'), ['-  "description": "A hydrology model",']);

    // A third version from elsewhere; then compare any two.
    const body = { ...bodyOf(stored.body), documentation_url: 'https://example.org/docs/v2' };
    assert.equal((await server.request('PUT', `/registry/models/${world.model}?reason=docs%20moved`, body)).status, 200);
    await page.reload();
    await page.getByText('From v2 to v3').waitFor();
    assert.deepEqual(await diffLines('ins'), ['+  "documentation_url": "https://example.org/docs/v2",']);
    await page.getByLabel('From version').selectOption('1');
    await page.getByText('From v1 to v3').waitFor();
    assert.deepEqual((await diffLines('ins')).sort(), ['+  "description": "A calibrated hydrology model",', '+  "documentation_url": "https://example.org/docs/v2",']);
    assert.deepEqual(new URL(page.url()).searchParams.get('a'), '1');
    await page.getByLabel('To version').selectOption('2');
    await page.getByText('From v1 to v2').waitFor();
    assert.deepEqual(await diffLines('del'), ['-  "description": "A hydrology model",']);
    await page.reload();
    await page.getByText('From v1 to v2').waitFor();
    await assertAccessible(page, 'catalog history');
    await screenshot(page, 'catalog-item-history');
  });

  test('an edit of a version someone has since replaced is refused (If-Match), not saved over theirs', async () => {
    const page = await openSignedIn(browser, server, `/catalog/studies/${world.study}/edit`);
    const title = page.getByLabel('Title');
    await title.waitFor();
    const current = await server.request('GET', `/registry/studies/${world.study}`);
    await server.request('PUT', `/registry/studies/${world.study}`, { ...bodyOf(current.body), title: 'Changed elsewhere' });
    await title.fill('Changed here');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').getByText('Someone saved a newer version').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /RL_PRECONDITION_FAILED/);
    assert.equal((await server.request('GET', `/registry/studies/${world.study}`)).body.title, 'Changed elsewhere');
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    await page.waitForFunction("document.getElementById('root_title')?.value === 'Changed elsewhere'");
  });

  test('a create through the form: a refused value is explained beside its field and nothing is stored', async () => {
    const before = (await everything('persons')).length;
    const page = await openSignedIn(browser, server, '/catalog/persons/new');
    await page.getByLabel('Display name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('not-an-address');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByRole('button', { name: 'Create person' }).click();
    const beside = page.locator('#root_email__error');
    await beside.waitFor();
    assert.match(await beside.innerText(), /email must match format "email"/);
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByRole('alert').innerText(), /RL_VALIDATION: body\.email must match format "email"/);
    assert.equal(await page.locator('.field-errors').count(), 1, 'only the field the server named is marked');
    assert.equal((await everything('persons')).length, before, 'nothing was created');
    await assertAccessible(page, 'catalog create refused');
    await screenshot(page, 'catalog-new-refused');

    await page.getByLabel('Email').fill('ada@example.org');
    await page.getByRole('button', { name: 'Create person' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const created = await server.request('GET', `/registry/persons/${id}`);
    assert.equal(created.status, 200);
    assert.deepEqual([created.body.email, created.body.first_name, created.body.last_name], ['ada@example.org', 'Ada', 'Lovelace']);
    assert.equal((await everything('persons')).length, before + 1);
  });

  test('a workflow template made through the form: a reference picked by id, arrays of entries, nested annotations', async () => {
    const page = await openSignedIn(browser, server, '/catalog/workflow-templates/new');
    await page.getByLabel('Display name').fill('Workflow from the form');
    await page.getByLabel('Software').fill(world.model);
    await page.getByText('→ Model cat').waitFor();
    await page.getByRole('button', { name: '+ Add input template' }).click();
    await page.locator('#root_input_templates_0_template_id').fill(world.inputTemplate);
    await page.getByRole('button', { name: '+ Add output template' }).click();
    await page.locator('#root_output_templates_0_template_id').fill(world.outputTemplate);
    await page.getByText('→ Output template cat').waitFor();
    await page.getByRole('button', { name: '+ Add required annotation' }).click();
    await page.locator('#root_annotations_required_0').fill('basin');
    await assertAccessible(page, 'catalog create with arrays');
    await screenshot(page, 'catalog-new-workflow');
    await page.getByRole('button', { name: 'Create workflow template' }).click();

    await page.getByRole('heading', { name: 'Workflow from the form', level: 1 }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const stored = (await server.request('GET', `/registry/workflow-templates/${id}`)).body;
    assert.equal(stored.software_id, world.model);
    assert.deepEqual(stored.input_templates.map((t: { template_id: string }) => t.template_id), [world.inputTemplate]);
    assert.deepEqual(stored.output_templates.map((t: { template_id: string }) => t.template_id), [world.outputTemplate]);
    assert.deepEqual(stored.annotations.required, ['basin']);
    // The item page names what the ids refer to.
    await page.getByRole('link', { name: 'Input template cat' }).waitFor();
    await page.getByRole('link', { name: /^Model cat/ }).waitFor();
    await assertAccessible(page, 'workflow template item');
    await screenshot(page, 'catalog-item-workflow');
  });

  test('a rule the service checks (a reference) is shown beside the field it names', async () => {
    const before = (await everything('datasets')).length;
    const page = await openSignedIn(browser, server, '/catalog/datasets/new');
    await page.getByLabel('Display name').fill('Orphan dataset');
    await page.getByLabel('Publisher').fill('no-such-organisation');
    await assertAccessible(page, 'catalog create');
    await screenshot(page, 'catalog-new');
    await page.getByRole('button', { name: 'Create dataset' }).click();
    const beside = page.locator('#root_publisher_id__error');
    await beside.waitFor();
    assert.equal(await beside.innerText(), '✖ publisher_id "no-such-organisation" does not exist');
    assert.match(await page.getByRole('alert').innerText(), /RL_REFERENCE_INVALID/);
    assert.equal((await everything('datasets')).length, before, 'nothing was created');
  });

  test('a run registered through the form built from a workflow template is lodged with the datasets chosen', async () => {
    const page = await openSignedIn(browser, server, '/catalog/register-run');
    await page.getByLabel('Workflow template').selectOption({ label: 'Workflow cat' });
    await page.waitForURL((u) => u.searchParams.get('template') === world.workflow);
    // The form follows the template: one dataset per template, its deferred resources, its annotations.
    const input = page.getByLabel('Dataset for Input template cat');
    await input.waitFor();
    await page.getByLabel('Dataset for Output template cat').waitFor();
    await page.getByLabel('Path of config (required)').waitFor();
    await page.getByLabel('Path of extra', { exact: true }).waitFor();
    await page.getByLabel('region (required)').waitFor();
    await page.getByLabel('note', { exact: true }).waitFor();

    await input.selectOption(altInput);
    await page.getByLabel('Path of config (required)').fill('configs/run.yaml');
    await page.getByLabel('Dataset for Output template cat').selectOption(world.outputDataset);
    await page.getByLabel('Run name').fill('Calibration from the UI');
    await page.getByLabel('Description').fill('Registered through the catalog form');
    await page.getByLabel('Model version').fill('2.1.0');
    await page.getByLabel('Modeller').selectOption({ label: 'Modeller cat' });
    await page.getByLabel('Requesting organisation').selectOption({ label: 'Org cat' });
    await page.getByLabel('Study', { exact: true }).selectOption({ label: 'Study cat' });
    await assertAccessible(page, 'register run');
    await screenshot(page, 'catalog-register-run');

    // The required annotation is left empty: the server names it, beside its field.
    await page.getByRole('button', { name: 'Register run' }).click();
    const beside = page.locator('#rr-annotation-region-error');
    await beside.waitFor();
    assert.match(await beside.innerText(), /annotations is missing required key "region"/);
    assert.equal(await page.getByLabel('region (required)').getAttribute('aria-invalid'), 'true');
    assert.deepEqual((await list('model-runs')).data, [], 'nothing was lodged');
    await assertAccessible(page, 'register run refused');
    await screenshot(page, 'catalog-register-run-refused');

    await page.getByLabel('region (required)').fill('murray');
    await page.getByRole('button', { name: 'Register run' }).click();
    await page.getByRole('heading', { name: '“Calibration from the UI”' }).waitFor();
    const runLink = await page.getByRole('link', { name: 'Open the run page' }).getAttribute('href');
    const id = runLink!.replace('/runs/', '');
    assert.equal(await page.getByRole('link', { name: 'Open its lineage' }).getAttribute('href'), `/lineage?start=${id}`);
    await assertAccessible(page, 'register run done');
    await screenshot(page, 'catalog-register-run-done');

    const run = await server.request('GET', `/registry/model-runs/${id}`);
    assert.equal(run.status, 200);
    const { record } = run.body;
    assert.deepEqual(record.inputs, [{ dataset_template_id: world.inputTemplate, dataset_id: altInput, dataset_type: 'DATA_STORE', resources: { config: 'configs/run.yaml' } }]);
    assert.deepEqual(record.outputs, [{ dataset_template_id: world.outputTemplate, dataset_id: world.outputDataset, dataset_type: 'DATA_STORE' }]);
    assert.deepEqual(record.annotations, { region: 'murray' });
    assert.deepEqual(record.associations, { modeller_id: world.person, requesting_organisation_id: world.organisation });
    assert.equal(record.study_id, world.study);
    assert.equal(record.model_version, '2.1.0');
    assert.ok(record.start_time < record.end_time);

    await page.getByRole('link', { name: 'See its record' }).click();
    await page.getByRole('heading', { name: 'Calibration from the UI', level: 1 }).waitFor();
    await page.getByRole('link', { name: /Alt input dataset/ }).waitFor();
    await assertAccessible(page, 'model run record');
    await screenshot(page, 'catalog-model-run');

    await page.getByRole('link', { name: 'Registered model runs' }).click();
    assert.deepEqual(await rowNames(page), ['Calibration from the UI']);
    await assertAccessible(page, 'model runs list');
    await screenshot(page, 'catalog-model-runs');

    // The next run of this workflow is offered the dataset used before, first.
    await page.goto(`/catalog/workflow-templates/${world.workflow}`);
    await page.getByRole('link', { name: 'Register a run of it' }).click();
    await page.waitForURL((u) => u.pathname === '/catalog/register-run' && u.searchParams.get('template') === world.workflow);
    const group = page.getByLabel('Dataset for Input template cat').locator('optgroup[label="Used with this template before"] option');
    await group.first().waitFor({ state: 'attached' });
    const offered = await Promise.all((await group.all()).map((o) => o.getAttribute('value')));
    assert.deepEqual(offered, [altInput]);
  });
});

function bodyOf(item: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, version: _v, created_by: _by, created_at: _at, updated_at: _up, ...body } = item;
  return body;
}
