// The unmodified @gentrace/core SDK against a live server: runs made with pipeline.start(), measure() and
// checkpoint(), submitted with submit({waitForServer: true}), read back field by field through the unified
// API (/model-runs) and Gentrace's own read shape (/api/v2/runs, also through the SDK's getRun()).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Pipeline, deinit, flush, getPipelines, getRun, init } from '@gentrace/core';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  const key = await server.request('POST', '/api-keys', { name: 'gentrace sdk', role: 'writer' });
  assert.equal(key.status, 201);
  assert.match(key.body.key, /^rl_/);
  init({ apiKey: key.body.key, basePath: `${server.url}/api` });
});
after(async () => {
  deinit();
  await server.close();
});

async function compose(prompt: string, tone: string) {
  return `Dear reader, ${prompt} (${tone})`;
}

async function summarise(text: string) {
  return { summary: text.slice(0, 12), tokens: text.length };
}

const iso = (t: string) => new Date(t).toISOString();

describe('@gentrace/core 2.8 against runledger', () => {
  it('submits a run made with measure and checkpoint, stored field by field', async () => {
    const pipeline = new Pipeline({ slug: 'write-email' });
    const run = pipeline.start({ userId: 'user-7', metadata: { env: { type: 'string', value: 'test' } } });
    const letter = await run.measure(compose, ['hello world', 'warm'], {
      providerName: 'openai',
      invocation: 'openai_createCompletion',
      modelParams: { model: 'gpt-4', temperature: 0.2 },
    });
    await run.measure(summarise, [letter], { providerName: 'anthropic', invocation: 'messages.create', modelParams: { model: 'claude' } });
    run.checkpoint({ providerName: 'custom', invocation: 'post-process', inputs: { letter }, outputs: { sent: true, to: ['a@example.org'] } });
    const sent = run.toObject();
    assert.equal(sent.stepRuns.length, 3);

    const reply = await run.submit({ waitForServer: true });
    assert.deepEqual(reply, { pipelineRunId: run.getId() });
    const id = run.getId();

    const stored = await server.requestAs('reader', 'GET', `/model-runs/${id}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.kind, 'ingested');
    assert.equal(stored.body.status, 'SUCCESS');
    assert.equal(stored.body.display_name, 'write-email');
    assert.equal(stored.body.error_message, undefined, 'absent, not null');
    assert.equal(stored.body.started_at, iso(sent.stepRuns[0]!.startTime));
    assert.equal(stored.body.finished_at, iso(sent.stepRuns[2]!.endTime));

    const steps = (await server.requestAs('reader', 'GET', `/model-runs/${id}/steps`)).body.data;
    assert.equal(steps.length, 3);
    sent.stepRuns.forEach((s, i) => {
      const step = steps[i];
      assert.equal(step.run_id, id);
      assert.equal(step.order, i);
      assert.equal(step.status, 'SUCCESS');
      assert.equal(step.provider_name, s.providerName);
      assert.equal(step.invocation, s.invocation);
      assert.equal(step.model_name, `${s.providerName}:${s.invocation}`);
      assert.deepEqual(step.model_params, s.modelParams);
      assert.deepEqual(step.inputs, s.inputs);
      assert.deepEqual(step.outputs, s.outputs);
      assert.equal(step.elapsed_time, s.elapsedTime);
      assert.equal(step.started_at, iso(s.startTime));
      assert.equal(step.finished_at, iso(s.endTime));
      assert.equal(step.error_message, undefined);
      assert.equal(step.depends_on, undefined, 'an empty list is absent');
      assert.ok(step.output_entity_id, 'each step names the lineage entity of its outputs');
    });
    // What measure() derived from the call itself: parameter names as input keys, a non-object result wrapped.
    assert.deepEqual(steps[0].inputs, { prompt: 'hello world', tone: 'warm' });
    assert.deepEqual(steps[0].outputs, { value: 'Dear reader, hello world (warm)' });
    assert.deepEqual(steps[1].outputs, { summary: 'Dear reader,', tokens: letter.length });

    const v2 = await server.requestAs('reader', 'GET', `/api/v2/runs/${id}`);
    assert.equal(v2.status, 200);
    assert.equal(v2.body.id, id);
    sent.stepRuns.forEach((s, i) => {
      const step = v2.body.stepRuns[i];
      assert.equal(step.stepRunId, steps[i].id);
      assert.equal(step.providerName, s.providerName);
      assert.equal(step.invocation, s.invocation);
      assert.equal(step.order, i);
      assert.deepEqual(step.modelParams, s.modelParams);
      assert.deepEqual(step.inputs, s.inputs);
      assert.deepEqual(step.outputs, s.outputs);
      assert.equal(step.elapsedTime, s.elapsedTime);
      assert.equal(step.startTime, Date.parse(s.startTime) / 1000);
      assert.equal(step.endTime, Date.parse(s.endTime) / 1000);
      assert.deepEqual(step.metadata, { env: { type: 'string', value: 'test' } });
      assert.equal(step.error, null);
    });

    // The SDK's own reader parses the same shape.
    const viaSdk = await getRun(id);
    assert.equal(viaSdk.id, id);
    assert.deepEqual(viaSdk.stepRuns.map((s) => s.providerName), ['openai', 'anthropic', 'custom']);

    const listed = await server.requestAs('reader', 'GET', '/model-runs?kind=ingested');
    assert.ok(listed.body.data.some((r: { id: string }) => r.id === id));
  });

  it('creates the pipeline on first use and lists it, also through getPipelines()', async () => {
    const pipeline = new Pipeline({ slug: 'triage-ticket' });
    for (let i = 0; i < 2; i++) {
      const run = pipeline.start();
      run.checkpoint({ providerName: 'openai', invocation: 'classify', inputs: { ticket: i }, outputs: { label: 'bug' } });
      await run.submit({ waitForServer: true });
    }
    const found = await getPipelines({ slug: 'triage-ticket' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.slug, 'triage-ticket');
    const all = await server.requestAs('reader', 'GET', '/api/v1/pipelines');
    assert.equal(all.status, 200);
    const slugs = all.body.pipelines.map((p: { slug: string }) => p.slug);
    assert.deepEqual(slugs, [...slugs].sort());
    assert.equal(slugs.filter((s: string) => s === 'triage-ticket').length, 1, 'one pipeline however many runs');
  });

  it('sends in the background by default; flush() waits for it', async () => {
    const run = new Pipeline({ slug: 'write-email' }).start();
    run.checkpoint({ providerName: 'openai', invocation: 'draft', inputs: { topic: 'flush' }, outputs: { text: 'x' } });
    const reply = await run.submit();
    assert.equal(reply.pipelineRunId, run.getId());
    assert.equal(await flush(), true);
    const steps = await server.requestAs('reader', 'GET', `/model-runs/${run.getId()}/steps`);
    assert.equal(steps.status, 200);
    assert.deepEqual(steps.body.data[0].inputs, { topic: 'flush' });
  });

  it('resubmitting the same run answers the same id and stores nothing new', async () => {
    const run = new Pipeline({ slug: 'write-email' }).start();
    run.checkpoint({ providerName: 'openai', invocation: 'draft', inputs: { topic: 'again' }, outputs: { text: 'y' } });
    const first = await run.submit({ waitForServer: true });
    const second = await run.submit({ waitForServer: true });
    assert.deepEqual(second, first);
    const steps = await server.requestAs('reader', 'GET', `/model-runs/${run.getId()}/steps`);
    assert.equal(steps.body.data.length, 1);
  });
});
