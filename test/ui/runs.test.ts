// The runs list and run page in Chromium: a triggered run appears and turns SUCCESS with no reload; its
// step's SQL and test results; an ingested LLM run's messages; OTLP spans nested on the timeline; filters in
// the URL; the PROV download.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, browserSkip, launchBrowser, openSignedIn, screenshot } from '../helpers/browser.js';
import { stepRun } from '../helpers/gentrace-bodies.js';
import { modelRuns } from '../helpers/model-runs.js';
import { exportRequest, traceUuid } from '../helpers/otlp.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Evaluated in the page: a mark a reload would wipe.
const MARK = 'window.__stillHere = true';
const MARKED = 'window.__stillHere === true';

describe('UI runs', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer({ env: { RUNLEDGER_EVENTS_POLL_MS: '200' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const rowOf = (page: Page, runId: string) => page.locator(`tr[data-run-id="${runId}"]`);

  test('a triggered run appears in the list and turns SUCCESS without a reload; its step shows SQL and test results', async () => {
    const m = modelRuns(server);
    await m.model('shop', 'orders', "select i as id, case when i % 2 = 0 then 'a' else 'z' end as customer from range(10) t(i)");
    // A table, so it really runs (a view would be instant): long enough to be seen RUNNING.
    await m.model('shop', 'slow_total', "select sum(i) as n from range(1000000000) t(i), (select count(*) from {{ ref('orders') }})", { materialization: 'TABLE' });
    for (const t of [
      { name: 'id present', test_type: 'not_null', column: 'id' },
      { name: 'known customers', test_type: 'accepted_values', column: 'customer', config: { values: ['a', 'z'] } },
    ]) assert.equal((await server.request('POST', '/models/shop/orders/tests', t)).status, 201);

    const page = await openSignedIn(browser, server, '/runs');
    await page.getByRole('table', { name: 'Runs' }).waitFor();
    await page.evaluate(MARK);
    const run = await m.trigger({ project_name: 'shop' });
    const row = rowOf(page, run.id);
    await row.waitFor();
    await page.locator(`tr[data-run-id="${run.id}"][data-status="RUNNING"]`).waitFor({ timeout: 30_000 });
    await page.locator(`tr[data-run-id="${run.id}"][data-status="SUCCESS"]`).waitFor({ timeout: 60_000 });
    assert.ok(await page.evaluate(MARKED), 'the page was not reloaded');
    assert.equal((await m.finished(run.id)).status, 'SUCCESS');
    await assertAccessible(page, 'runs list');
    await screenshot(page, 'runs-list');

    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/runs/${run.id}`);
    await page.getByRole('button', { name: /shop\.orders/ }).click();
    await page.getByRole('heading', { name: /shop\.orders/, level: 2 }).waitFor();
    const apiStep = (await m.steps(run.id)).find((st) => st.model_name === 'shop.orders')!;
    const shownSql = await page.getByRole('region', { name: /Compiled SQL of shop\.orders/ }).locator('.cm-content').innerText();
    assert.equal(shownSql.trim(), apiStep.compiled_sql.trim());
    const tests = page.getByRole('table', { name: 'Tests of shop.orders' });
    await tests.waitFor();
    await tests.locator('tr[data-test-status]').nth(1).waitFor();
    assert.deepEqual((await tests.locator('tr[data-test-status="PASS"] td:first-child').allInnerTexts()).sort(), ['id present', 'known customers']);
    assert.equal(new URL(page.url()).searchParams.get('step') !== null, true, 'the selected step is in the URL');
    await assertAccessible(page, 'run page');
    await screenshot(page, 'run-page-sql-step');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PROV' }).click();
    const file = await (await download).path();
    const doc = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.ok(Object.keys(doc.activity).includes(`uuid:${run.id}`));
  });

  test('a run triggered from the project page turns SUCCESS on its own page without a reload', async () => {
    const page = await openSignedIn(browser, server, '/projects/shop');
    await page.getByLabel('Selector').fill('+slow_total');
    await page.getByRole('button', { name: 'Trigger run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}/);
    await page.evaluate(MARK);
    const runId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.locator('article[data-run-status="RUNNING"]').waitFor({ timeout: 30_000 });
    await page.locator('article[data-run-status="SUCCESS"]').waitFor({ timeout: 60_000 });
    assert.ok(await page.evaluate(MARKED), 'the page was not reloaded');
    const api = await server.request('GET', `/model-runs/${runId}`);
    assert.equal(api.body.status, 'SUCCESS');
    assert.deepEqual(api.body.model_names, ['+slow_total']);
    const steps = page.getByRole('list', { name: 'Steps in order' }).locator('.gantt-name');
    await steps.nth(1).waitFor();
    assert.deepEqual(await steps.allInnerTexts(), ['shop.orders', 'shop.slow_total']);
    await page.getByRole('tab', { name: /Tests/ }).click();
    await page.getByRole('table', { name: 'Every test of this run' }).locator('tr[data-test-status="PASS"]').nth(1).waitFor();
  });

  test('an ingested LLM run reads as messages, with token usage', async () => {
    const step = stepRun(0, {
      providerName: 'openai',
      invocation: 'openai_createChatCompletion',
      modelParams: { model: 'gpt-4o', temperature: 0.2 },
      inputs: { messages: [{ role: 'system', content: 'You answer briefly.' }, { role: 'user', content: 'What is PROV?' }] },
      outputs: { choices: [{ message: { role: 'assistant', content: 'A W3C model of provenance.' } }], usage: { total_tokens: 42 } },
    });
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', { id: randomUUID(), slug: 'qa', metadata: {}, stepRuns: [step] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const runId = res.body.pipelineRunId as string;

    const page = await openSignedIn(browser, server, `/runs/${runId}`);
    await page.getByRole('button', { name: /openai/ }).click();
    const inputs = page.getByRole('list', { name: 'Input messages' });
    await inputs.waitFor();
    const texts = await inputs.locator('li').allInnerTexts();
    assert.equal(texts.length, 2);
    assert.match(texts[0]!, /system[\s\S]*You answer briefly\./i);
    assert.match(texts[1]!, /user[\s\S]*What is PROV\?/i);
    assert.match(await page.getByRole('list', { name: 'Output messages' }).innerText(), /assistant[\s\S]*A W3C model of provenance\./i);
    assert.match(await page.locator('.step-panel').innerText(), /temperature[\s\S]*0\.2/);
    assert.match(await page.locator('.step-panel').innerText(), /Token usage\s*total tokens\s*42/);
    await assertAccessible(page, 'LLM run page');
    await screenshot(page, 'run-page-llm-step');
  });

  test('OTLP spans nest under their parent on the timeline', async () => {
    const traceId = randomBytes(16).toString('hex');
    const [root, child, grandchild] = [0, 1, 2].map(() => randomBytes(8).toString('hex')) as [string, string, string];
    const t = Date.now() - 5000;
    const res = await server.requestAs('writer', 'POST', '/v1/traces', exportRequest([
      { traceId, spanId: root, name: 'agent turn', startMs: t, endMs: t + 900 },
      { traceId, spanId: child, parentSpanId: root, name: 'retrieve', startMs: t + 10, endMs: t + 300 },
      { traceId, spanId: grandchild, parentSpanId: child, name: 'embed query', startMs: t + 20, endMs: t + 100 },
    ]));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const page = await openSignedIn(browser, server, `/runs/${traceUuid(traceId)}`);
    const rows = page.getByRole('list', { name: 'Steps in order' }).locator('.gantt-label');
    await rows.first().waitFor();
    const names = await rows.locator('.gantt-name').allInnerTexts();
    assert.deepEqual(names, ['agent turn', 'retrieve', 'embed query']);
    const indents = await rows.evaluateAll((els) => els.map((e) => (e as unknown as { style: { paddingLeft: string } }).style.paddingLeft));
    assert.deepEqual(indents, ['0rem', '1.1rem', '2.2rem']);
    await screenshot(page, 'run-page-otlp-timeline');
  });

  test('filters narrow the list and live in the URL', async () => {
    const page = await openSignedIn(browser, server, '/runs');
    await page.getByRole('table', { name: 'Runs' }).waitFor();
    await page.getByLabel('Kind').selectOption('ingested');
    await page.waitForURL(/kind=ingested/);
    await page.locator('tbody tr[data-run-id]').first().waitFor();
    const api = await server.request('GET', '/model-runs?kind=ingested');
    await page.waitForFunction(`document.querySelectorAll('tbody tr[data-run-id]').length === ${api.body.data.length}`);
    const shown = await Promise.all((await page.locator('tbody tr[data-run-id]').all()).map((row) => row.getAttribute('data-run-id')));
    assert.deepEqual(shown, api.body.data.map((r: { id: string }) => r.id));

    await page.getByLabel('Name contains').fill('no run is called this');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No runs match.').waitFor();
    await page.reload();
    await page.getByText('No runs match.').waitFor();
    assert.equal(await page.getByLabel('Kind').inputValue(), 'ingested');
  });
});
