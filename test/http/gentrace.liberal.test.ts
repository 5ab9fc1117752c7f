// Liberal in what the pipeline-run API accepts: a @gentrace/core 3.x body (evaluations, path, a step's cost
// and fields runledger has never met) is stored whole, its unknown fields come back, and its evaluations are
// test results of the run; unknown fields take part in the idempotency comparison.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { nestedBody, sdk3RunBody, stepRun } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const ingest = (body: unknown, url = '/api/v1/run') => server.requestAs('writer', 'POST', url, body);

describe('a @gentrace/core 3.x run body', () => {
  it('is stored with its unknown fields, which the reads return', async () => {
    const body = sdk3RunBody();
    const res = await ingest(body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { pipelineRunId: body.id });

    const run = await server.requestAs('reader', 'GET', `/model-runs/${body.id}`);
    assert.equal(run.body.status, 'SUCCESS', 'an evaluation that fails does not fail the run it judged');

    const steps = (await server.requestAs('reader', 'GET', `/model-runs/${body.id}/steps`)).body.data;
    assert.deepEqual(steps[0].extra, { cost: 0.0042, extraStepField: { tokens: { prompt: 12, completion: 30 } } });
    assert.deepEqual(steps[1].extra, { cost: 0.001 });
    assert.deepEqual(steps[1].outputs, ['a', 'b']);

    const v2 = await server.requestAs('reader', 'GET', `/api/v2/runs/${body.id}`);
    assert.equal(v2.status, 200);
    assert.deepEqual(v2.body.path, [{ type: 'suite', name: 'essays' }], 'run-level unknown fields come back');
    assert.equal(v2.body.stepRuns[0].cost, 0.0042);
    assert.deepEqual(v2.body.stepRuns[0].extraStepField, { tokens: { prompt: 12, completion: 30 } });
    assert.equal(v2.body.stepRuns[1].cost, 0.001);
    assert.deepEqual(v2.body.stepRuns[1].outputs, ['a', 'b']);
    assert.equal(v2.body.stepRuns[0].stepRunId, steps[0].id, 'a sent field never overrides one runledger serves');
  });

  it('has its evaluations as test results of the run, the raw evaluation kept', async () => {
    const body = sdk3RunBody();
    assert.equal((await ingest(body)).status, 200);
    const res = await server.requestAs('reader', 'GET', `/model-runs/${body.id}/test-results`);
    assert.equal(res.status, 200);
    const byName = new Map(res.body.data.map((r: { test_name: string }) => [r.test_name, r]));
    assert.deepEqual([...byName.keys()], ['brevity', 'grammar', 'relevance', 'tone'], 'listed by test name');
    const expected: Record<string, [string, number, string | undefined, string | undefined]> = {
      relevance: ['PASS', 0.9, undefined, undefined],
      brevity: ['FAIL', 0.2, undefined, undefined],
      tone: ['PASS', 0, 'pass', undefined],
      grammar: ['ERROR', 0, undefined, 'evaluator timed out'],
    };
    for (const evaluation of body.evaluations) {
      const result = byName.get(evaluation.name) as Record<string, unknown>;
      const [status, score, label, error] = expected[evaluation.name]!;
      assert.equal(result.status, status, evaluation.name);
      assert.equal(result.score, score);
      assert.equal(result.label, label);
      assert.equal(result.error_message, error);
      assert.equal(result.run_id, body.id);
      assert.equal(result.run_step_id, undefined, 'an evaluation judges the run, not one step');
      assert.equal(result.test_id, undefined);
      assert.deepEqual(result.evaluation, evaluation);
    }

    const first = await server.requestAs('reader', 'GET', `/model-runs/${body.id}/test-results?max_results=3`);
    assert.equal(first.body.data.length, 3);
    assert.ok(first.body.next_page_token);
    const second = await server.requestAs('reader', 'GET', `/model-runs/${body.id}/test-results?max_results=3&page_token=${first.body.next_page_token}`);
    assert.deepEqual(second.body.data.map((r: { test_name: string }) => r.test_name), ['tone']);
    assert.equal(second.body.next_page_token, undefined);

    const step = (await server.requestAs('reader', 'GET', `/model-runs/${body.id}/steps`)).body.data[0];
    const ofStep = await server.requestAs('reader', 'GET', `/model-runs/${body.id}/steps/${step.id}/test-results`);
    assert.deepEqual(ofStep.body.data, [], 'no step holds a run-level evaluation');
  });

  it('is idempotent with its unknown fields and evaluations compared too', async () => {
    const body = sdk3RunBody();
    assert.equal((await ingest(body)).status, 200);
    const before = await countRows(server.ctx.db);

    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await ingest(reordered);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { pipelineRunId: body.id });

    const changes: [string, Record<string, unknown>][] = [
      ['path', { path: [{ type: 'suite', name: 'other' }] }],
      ['a step cost', { stepRuns: [{ ...body.stepRuns[0], cost: 1 }, body.stepRuns[1]] }],
      ['an evaluation', { evaluations: body.evaluations.slice(1) }],
      ['a new unknown field', { sampled: true }],
    ];
    for (const [what, change] of changes) {
      const res = await ingest({ ...body, ...change });
      assert.equal(res.status, 409, `changing ${what} is another run`);
    }
    assert.deepEqual(await countRows(server.ctx.db), before, 'nothing stored twice, no evaluation repeated');
    const results = await server.requestAs('reader', 'GET', `/model-runs/${body.id}/test-results`);
    assert.equal(results.body.data.length, body.evaluations.length);
  });

  it('with evaluations: [] (as 3.x sends when there are none) stores no test result', async () => {
    const body = sdk3RunBody({ evaluations: [] });
    assert.equal((await ingest(body)).status, 200);
    const results = await server.requestAs('reader', 'GET', `/model-runs/${body.id}/test-results`);
    assert.deepEqual(results.body.data, []);
  });
});

describe('POST /api/v1/pipeline-run keeps unknown fields too', () => {
  it('of the run, the step run and its provider, and outputs of any JSON type', async () => {
    const body = nestedBody([stepRun(0, { outputs: 'plain text' }), stepRun(1, { outputs: null })], { id: crypto.randomUUID(), tags: ['x'] });
    body.stepRuns[0] = { ...body.stepRuns[0]!, retries: 2 } as (typeof body.stepRuns)[number];
    (body.stepRuns[0]!.provider as Record<string, unknown>).region = 'eu-west-1';
    const res = await ingest(body, '/api/v1/pipeline-run');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const id = res.body.pipelineRunId;
    const steps = (await server.requestAs('reader', 'GET', `/model-runs/${id}/steps`)).body.data;
    assert.deepEqual(steps[0].extra, { retries: 2, provider: { region: 'eu-west-1' } });
    assert.equal(steps[1].extra, undefined);
    assert.equal(steps[0].outputs, 'plain text');
    assert.equal(steps[1].outputs, null);
    const v2 = await server.requestAs('reader', 'GET', `/api/v2/runs/${id}`);
    assert.deepEqual(v2.body.tags, ['x']);
    assert.equal(v2.body.stepRuns[0].retries, 2);
    assert.equal(v2.body.stepRuns[0].cost, 0, 'no cost sent: 0, which every SDK model requires');
    assert.equal(v2.body.stepRuns[1].outputs, null);
  });
});

describe('what stays refused', () => {
  it('inputs that are not an object, bad times and endTime before startTime', async () => {
    const before = await countRows(server.ctx.db);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ inputs: ['a'] }, /body\.stepRuns\[0\]\.inputs must be object/],
      [{ startTime: 'soon' }, /body\.stepRuns\[0\]\.startTime must be an ISO 8601/],
      [{ startTime: '2024-05-01T12:00:01Z', endTime: '2024-05-01T12:00:00Z' }, /body\.stepRuns\[0\]\.endTime is before/],
      [{ cost: 'cheap', elapsedTime: -1 }, /body\.stepRuns\[0\]\.elapsedTime must be >= 0/],
    ];
    for (const [step, detail] of cases) {
      const body = sdk3RunBody();
      body.stepRuns[0] = { ...body.stepRuns[0]!, ...step } as (typeof body.stepRuns)[number];
      const res = await ingest(body);
      assert.equal(res.status, 400, JSON.stringify(step));
      assert.match(res.body.detail, detail);
    }
    assert.deepEqual(await countRows(server.ctx.db), before);
  });
});
