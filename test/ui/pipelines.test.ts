// The pipelines pages in a real browser: two Gentrace runs of one pipeline, sent through the API with chat
// messages as inputs, listed under their pipeline, picked and compared: what the comparison shows (messages,
// outputs, model params, timings, what differs) is what was sent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { assertAccessible, browserSkip, launchBrowser, openSignedIn, screenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SYSTEM = 'You answer support questions in one sentence.';
const QUESTION = 'Where is my order #1234?';

function chatStep(i: number, answer: string, temperature: number, elapsedTime: number) {
  return stepRun(i, {
    modelParams: { model: 'gpt-4o', temperature },
    inputs: {
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: QUESTION },
      ],
    },
    outputs: { choices: [{ message: { role: 'assistant', content: answer } }] },
    elapsedTime,
  });
}

const gradeStep = (i: number) =>
  stepRun(i, { providerName: 'local', invocation: 'grade_answer', modelParams: {}, inputs: { rubric: 'polite and short' }, outputs: { score: 1 }, elapsedTime: 40 });

/** The row of a comparison table whose header starts with `label`, and its two cells (run A, run B). */
function rowOf(table: Locator, label: string) {
  const row = table.locator('tbody tr', { has: table.page().getByRole('rowheader', { name: new RegExp(`^${label}`) }) });
  return { row, a: row.locator('td').nth(0), b: row.locator('td').nth(1) };
}

/** Each message of a chat shown in `cell`, as [role, text] (textContent: the role is upper-cased by CSS only). */
async function messagesIn(cell: Locator): Promise<[string, string][]> {
  const items = await cell.locator('.chat-msg').all();
  return Promise.all(items.map(async (li) => [(await li.locator('.chat-role').textContent())!, (await li.locator('.chat-text').textContent())!] as [string, string]));
}

async function stepRegion(page: Page, index: number, name: string) {
  const region = page.getByRole('region', { name: `Step ${index}: ${name}` });
  await region.waitFor();
  return region;
}

describe('UI: pipelines', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  let pipelineId: string;
  const runA = runBody({ slug: 'support-bot', stepRuns: [chatStep(0, 'It ships today.', 0, 250), gradeStep(1)] });
  const runB = runBody({ slug: 'support-bot', stepRuns: [chatStep(0, 'It shipped yesterday.', 0.7, 610), gradeStep(1)] });
  const otherRun = runBody({ slug: 'other-bot' });

  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    for (const body of [runA, runB, otherRun]) {
      const res = await server.requestAs('writer', 'POST', '/api/v1/run', body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    pipelineId = (await server.request('GET', '/api/v4/pipelines?slug=support-bot')).body.data[0].id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the pipelines list names each pipeline with its slug and id', async () => {
    const page = await openSignedIn(browser, server, '/pipelines');
    await page.getByRole('heading', { name: 'Pipelines', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'support-bot' }).waitFor();
    const expected = (await server.request('GET', '/api/v1/pipelines')).body.pipelines as { id: string; slug: string; displayName: string }[];
    const rows = await page.locator('tbody tr').all();
    const shown = await Promise.all(rows.map(async (r) => (await r.locator('th, td').allInnerTexts()).slice(0, 3)));
    assert.deepEqual(shown, expected.map((p) => [p.displayName, p.slug, p.id]));
    assert.deepEqual(expected.map((p) => p.slug).sort(), ['other-bot', 'support-bot']);
    await assertAccessible(page, 'pipelines');
    await screenshot(page, 'pipelines-list');
  });

  test('a pipeline lists its runs newest first; two picked runs open side by side, as sent', async () => {
    const page = await openSignedIn(browser, server, '/pipelines');
    await page.getByRole('link', { name: 'support-bot' }).click();
    await page.getByRole('heading', { name: 'support-bot', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/pipelines/${pipelineId}`);

    const expected = (await server.request('GET', `/model-runs?pipeline_id=${pipelineId}&kind=ingested`)).body.data.map((r: { id: string }) => r.id);
    assert.deepEqual(expected, [runB.id, runA.id], 'its runs only, newest first');
    await page.getByLabel(`Compare run ${runA.id}`).waitFor();
    const shown = await page.locator('tbody tr td:nth-child(2) .mono').allInnerTexts();
    assert.deepEqual(shown, expected);
    assert.equal(await page.getByLabel(`Compare run ${otherRun.id}`).count(), 0, 'another pipeline’s run is not listed');

    await page.getByRole('status').filter({ hasText: '0 of 2 picked' }).waitFor();
    await page.getByLabel(`Compare run ${runA.id}`).check();
    await page.getByLabel(`Compare run ${runB.id}`).check();
    // The picks are in the URL: a reload keeps them.
    await page.waitForURL((url) => url.searchParams.has('pick'));
    await page.reload();
    assert.ok(await page.getByLabel(`Compare run ${runA.id}`).isChecked());
    assert.ok(await page.getByLabel(`Compare run ${runB.id}`).isChecked());
    await assertAccessible(page, 'pipeline');
    await screenshot(page, 'pipelines-runs');

    await page.getByRole('link', { name: 'Compare the 2 picked runs' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/compare'));
    const url = new URL(page.url());
    assert.equal(url.pathname, `/pipelines/${pipelineId}/compare`);
    assert.deepEqual([url.searchParams.get('a'), url.searchParams.get('b')], [runA.id, runB.id]);
    await checkComparison(page);

    // A deep link shows the same.
    await page.reload();
    await checkComparison(page);
    await assertAccessible(page, 'compare');
    await page.getByRole('region', { name: /^Step 1/ }).getByText('Show the difference').first().click();
    await screenshot(page, 'pipelines-compare');
  });

  async function checkComparison(page: Page) {
    await page.getByRole('heading', { name: 'Compare two runs' }).waitFor();
    await page.getByText('1 of 2 steps differ in status, model params, inputs or outputs.').waitFor();

    const chat = await stepRegion(page, 1, 'openai:openai_createChatCompletion');
    assert.match(await chat.getByRole('heading').innerText(), /Step 1/);
    await chat.getByText('differs: model params, outputs').waitFor();
    const table = chat.getByRole('table');
    const sent = [runA.stepRuns[0]!, runB.stepRuns[0]!];

    const inputs = rowOf(table, 'Inputs');
    assert.doesNotMatch(await inputs.row.locator('th').innerText(), /differs/);
    for (const [cell, step] of [[inputs.a, sent[0]!], [inputs.b, sent[1]!]] as const) {
      const messages = (step.inputs as { messages: { role: string; content: string }[] }).messages;
      assert.deepEqual(await messagesIn(cell), messages.map((m) => [m.role, m.content]));
    }

    const outputs = rowOf(table, 'Outputs');
    assert.match(await outputs.row.locator('th').innerText(), /differs/);
    assert.deepEqual(await messagesIn(outputs.a), [['assistant', 'It ships today.']]);
    assert.deepEqual(await messagesIn(outputs.b), [['assistant', 'It shipped yesterday.']]);

    const params = rowOf(table, 'Model params');
    assert.match(await params.row.locator('th').innerText(), /differs/);
    assert.match(await params.a.innerText(), /model: gpt-4o\s+temperature: 0\b/);
    assert.match(await params.b.innerText(), /model: gpt-4o\s+temperature: 0\.7/);

    const timing = rowOf(table, 'Timing');
    assert.equal((await timing.a.innerText()).trim(), `${sent[0]!.elapsedTime} ms`);
    assert.equal((await timing.b.innerText()).trim(), `${sent[1]!.elapsedTime} ms (+360 ms vs A)`);
    // The bars are to scale: 250 of the slowest 610.
    const widths = await table.locator('.bar').evaluateAll((bars) => bars.map((b) => (b as unknown as { style: { width: string } }).style.width));
    assert.deepEqual(widths.map((w) => Math.round(parseFloat(w))), [Math.round((250 / 610) * 100), 100]);

    const grade = await stepRegion(page, 2, 'local:grade_answer');
    await grade.getByText('same status, model params, inputs, outputs').waitFor();
    const gradeTable = grade.getByRole('table');
    assert.equal((await rowOf(gradeTable, 'Inputs').a.innerText()).trim(), 'rubric: polite and short');
    assert.equal((await rowOf(gradeTable, 'Outputs').b.innerText()).trim(), 'score: 1');
    assert.equal(await gradeTable.getByText('differs').count(), 0);
  }

  test('the difference of two outputs is given line by line, marked − and +', async () => {
    const page = await openSignedIn(browser, server, `/pipelines/${pipelineId}/compare?a=${runA.id}&b=${runB.id}`);
    const chat = await stepRegion(page, 1, 'openai:openai_createChatCompletion');
    const outputs = rowOf(chat.getByRole('table'), 'Outputs');
    await outputs.b.getByText('Show the difference').click();
    const diff = await outputs.b.getByLabel('Outputs: lines of A (−) and B (+)').innerText();
    assert.match(diff, /^− .*"content": "It ships today\.",$/m);
    assert.match(diff, /^\+ .*"content": "It shipped yesterday\.",$/m);
    assert.match(diff, /^ {2}.*"role": "assistant"/m);
  });
});
