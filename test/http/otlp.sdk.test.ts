// The real OpenTelemetry JS SDK, unmodified, exporting to runledger: spans shaped as Gentrace's SDKs emit them
// (an interaction span carrying gentrace.pipeline_id with gentrace.fn.args / gentrace.fn.output events, nested
// traced spans, one that fails) and spans following the GenAI semantic conventions. Each exporter (protobuf and
// JSON, one export per span as Gentrace sends; JSON batched and gzip-compressed) must produce the same run,
// steps, parent links, inputs, outputs and lineage.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Span } from '@opentelemetry/api';
import { providerAgentId, valueEntity } from '../../src/prov/pipeline-run-prov.js';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { failSpan, startSdk, startSpan, traceUuid, type Encoding } from '../helpers/otlp.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const T0 = Date.parse('2024-05-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

const question = { query: 'What is provenance?' };
const messagesIn = [{ role: 'user', parts: [{ type: 'text', content: 'What is provenance?' }] }];
const messagesOut = [{ role: 'assistant', parts: [{ type: 'text', content: 'A record of origins.' }], finish_reason: 'stop' }];

interface Emitted {
  traceId: string;
  spanIds: { root: string; llm: string; tool: string };
}

/** One interaction as Gentrace's Node SDK records it: the interaction, a GenAI call inside it, a failing tool. */
function emitInteraction(tracer: ReturnType<typeof startSdk>['tracer'], pipelineId: string): Emitted {
  const root = startSpan(tracer, 'answer question', undefined, at(0));
  root.setAttribute('gentrace.pipeline_id', pipelineId);
  root.setAttribute('gentrace.sample', 'true');
  root.setAttribute('user.tier', 'free');
  root.addEvent('gentrace.fn.args', { args: JSON.stringify([question]) }, at(1));

  const llm: Span = startSpan(tracer, 'chat gpt-4o', root, at(10));
  llm.setAttributes({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.request.temperature': 0.2,
    'gen_ai.usage.input_tokens': 12,
    'gen_ai.usage.output_tokens': 5,
    'gen_ai.input.messages': JSON.stringify(messagesIn),
    'gen_ai.output.messages': JSON.stringify(messagesOut),
  });
  llm.end(at(60));

  // Node's traced() writes positional arguments.
  const tool = startSpan(tracer, 'lookup', root, at(70));
  tool.addEvent('gentrace.fn.args', { args: JSON.stringify(['provenance', 3]) }, at(70));
  failSpan(tool, new TypeError('index offline'));
  tool.end(at(80));

  root.addEvent('gentrace.fn.output', { output: JSON.stringify({ answer: 'A record of origins.' }) }, at(99));
  root.end(at(100));
  const id = (s: Span) => s.spanContext().spanId;
  return { traceId: root.spanContext().traceId, spanIds: { root: id(root), llm: id(llm), tool: id(tool) } };
}

const exporters: { label: string; encoding: Encoding; path: string; batch?: boolean; gzip?: boolean }[] = [
  { label: 'protobuf, one export per span, at the OTLP path', encoding: 'protobuf', path: '/v1/traces' },
  { label: "JSON, one export per span, at Gentrace's path", encoding: 'json', path: '/api/otel/v1/traces' },
  { label: 'JSON, batched and gzip-compressed', encoding: 'json', path: '/v1/traces', batch: true, gzip: true },
  { label: 'protobuf, batched and gzip-compressed', encoding: 'protobuf', path: '/api/otel/v1/traces', batch: true, gzip: true },
];

describe('spans from the OpenTelemetry JS SDK', () => {
  for (const exporter of exporters) {
    it(`become a run with nested steps (${exporter.label})`, async () => {
      const key = server.credentials.writer['x-api-key']!;
      const sdk = startSdk({
        url: server.url + exporter.path,
        encoding: exporter.encoding,
        headers: { authorization: `Bearer ${key}` },
        serviceName: 'qa-service',
        ...(exporter.batch ? { batch: true } : {}),
        ...(exporter.gzip ? { gzip: true } : {}),
      });
      const pipelineId = randomUUID();
      const { traceId, spanIds } = emitInteraction(sdk.tracer, pipelineId);
      await sdk.flush();
      await sdk.shutdown();
      const runId = traceUuid(traceId);

      const run = await server.requestAs('reader', 'GET', `/model-runs/${runId}`);
      assert.equal(run.status, 200, JSON.stringify(run.body));
      assert.equal(run.body.kind, 'ingested');
      assert.equal(run.body.status, 'FAILED');
      assert.equal(run.body.display_name, 'answer question');
      assert.equal(run.body.error_message, 'lookup: index offline');
      assert.equal(run.body.started_at, at(0).toISOString());
      assert.equal(run.body.finished_at, at(100).toISOString());

      const pipelines = await server.requestAs('reader', 'GET', `/api/v1/pipelines?slug=${pipelineId}`);
      assert.deepEqual(pipelines.body.pipelines.map((p: { id: string }) => p.id), [pipelineId], 'the pipeline is the one Gentrace named');

      const steps = (await server.requestAs('reader', 'GET', `/model-runs/${runId}/steps`)).body.data;
      assert.deepEqual(steps.map((s: { model_name: string }) => s.model_name), ['answer question', 'chat gpt-4o', 'lookup'], 'in start order');
      const [root, llm, tool] = steps;
      assert.deepEqual(steps.map((s: { span_id: string }) => s.span_id), [spanIds.root, spanIds.llm, spanIds.tool]);
      assert.deepEqual(steps.map((s: { order: number }) => s.order), [0, 1, 2]);
      assert.equal(root.parent_step_id, undefined, 'absent, not null');
      assert.equal(llm.parent_step_id, root.id);
      assert.equal(tool.parent_step_id, root.id);

      assert.equal(root.status, 'SUCCESS');
      assert.equal(root.span_kind, 'INTERNAL');
      assert.deepEqual(root.inputs, question, 'Gentrace args [{…}] are the inputs object');
      assert.deepEqual(root.outputs, { answer: 'A record of origins.' });
      assert.equal(root.attributes['gentrace.sample'], 'true');
      assert.equal(root.attributes['user.tier'], 'free');
      assert.equal(root.elapsed_time, 100);
      assert.equal(root.started_at, at(0).toISOString());
      assert.equal(root.finished_at, at(100).toISOString());
      assert.deepEqual(root.events.map((e: { name: string }) => e.name), ['gentrace.fn.args', 'gentrace.fn.output']);

      assert.equal(llm.provider_name, 'openai');
      assert.equal(llm.invocation, 'chat');
      assert.deepEqual(llm.model_params, { model: 'gpt-4o', temperature: 0.2 });
      assert.deepEqual(llm.usage, { input_tokens: 12, output_tokens: 5 });
      assert.deepEqual(llm.inputs, { messages: messagesIn });
      assert.deepEqual(llm.outputs, { messages: messagesOut });
      assert.equal(llm.output_entity_id, valueEntity({ messages: messagesOut }).id);

      assert.equal(tool.status, 'FAILED');
      assert.equal(tool.error_message, 'index offline');
      assert.equal(tool.attributes['error.type'], 'TypeError');
      assert.deepEqual(tool.inputs, { args: ['provenance', 3] }, 'positional arguments');
      const exception = tool.events.find((e: { name: string }) => e.name === 'exception');
      assert.equal(exception.attributes['exception.message'], 'index offline');
      assert.equal(exception.attributes['exception.type'], 'TypeError');

      // Lineage: the GenAI call was started by the interaction, used its messages, was done by the provider.
      const up = (await server.requestAs('reader', 'GET', `/explore/upstream?starting_id=${llm.id}&depth=2`)).body.graph;
      const has = (source: string, target: string, type: string) =>
        up.links.some((l: { source: string; target: string; type: string }) => l.source === source && l.target === target && l.type === type);
      const input = valueEntity({ messages: messagesIn }).id;
      assert.ok(has(llm.id, root.id, 'wasStartedBy'), 'child wasStartedBy parent');
      assert.ok(has(root.id, runId, 'wasStartedBy'), 'root wasStartedBy run');
      assert.ok(has(llm.id, input, 'used'));
      assert.ok(has(llm.id, providerAgentId('openai'), 'wasAssociatedWith'));
      const agent = up.nodes.find((n: { id: string }) => n.id === providerAgentId('openai'));
      assert.deepEqual([agent.item_category, agent.item_subtype, agent.display_name], ['AGENT', 'SOFTWARE', 'openai']);
      const down = (await server.requestAs('reader', 'GET', `/explore/downstream?starting_id=${input}&depth=1`)).body.graph;
      assert.ok(down.links.some((l: { source: string; type: string }) => l.source === llm.id && l.type === 'used'));
      const fromRun = (await server.requestAs('reader', 'GET', `/explore/upstream?starting_id=${runId}&depth=2`)).body.graph;
      const runNode = fromRun.nodes.find((n: { id: string }) => n.id === runId);
      assert.deepEqual([runNode.item_subtype, runNode.display_name], ['MODEL_RUN', 'answer question']);
      for (const step of [root, llm, tool]) assert.ok(fromRun.nodes.some((n: { id: string }) => n.id === step.id), `the run reaches ${step.model_name}`);
    });
  }

  it('meets a pipeline run at one node when both send the same inputs', async () => {
    const shared = { query: `shared ${randomUUID()}` };
    const body = runBody({ slug: 'otlp-and-gentrace', stepRuns: [stepRun(0, { inputs: shared })] });
    assert.equal((await server.requestAs('writer', 'POST', '/api/v1/run', body)).status, 200);
    const pipelineStep = (await server.requestAs('reader', 'GET', `/model-runs/${body.id}/steps`)).body.data[0];

    const sdk = startSdk({ url: `${server.url}/v1/traces`, encoding: 'protobuf', headers: server.credentials.writer });
    const span = startSpan(sdk.tracer, 'interaction', undefined, at(0));
    span.setAttribute('gentrace.pipeline_id', randomUUID());
    span.addEvent('gentrace.fn.args', { args: JSON.stringify([shared]) });
    span.end(at(5));
    await sdk.shutdown();
    const spanStep = (await server.requestAs('reader', 'GET', `/model-runs/${traceUuid(span.spanContext().traceId)}/steps`)).body.data[0];

    const node = valueEntity(shared).id;
    const down = (await server.requestAs('reader', 'GET', `/explore/downstream?starting_id=${node}&depth=1`)).body.graph;
    const users = down.links.filter((l: { target: string; type: string }) => l.target === node && l.type === 'used').map((l: { source: string }) => l.source);
    assert.deepEqual(users.sort(), [pipelineStep.id, spanStep.id].sort(), 'one value node, used by both steps');
  });

  it('takes a run with no Gentrace pipeline into the pipeline of its service.name', async () => {
    const service = `svc-${randomUUID()}`;
    const sdk = startSdk({ url: `${server.url}/v1/traces`, encoding: 'json', headers: server.credentials.writer, serviceName: service });
    const span = startSpan(sdk.tracer, 'plain span', undefined, at(0));
    span.end(at(1));
    await sdk.shutdown();
    const run = await server.requestAs('reader', 'GET', `/model-runs/${traceUuid(span.spanContext().traceId)}`);
    assert.equal(run.body.status, 'SUCCESS');
    const pipelines = await server.requestAs('reader', 'GET', `/api/v1/pipelines?slug=${service}`);
    assert.equal(pipelines.body.pipelines.length, 1, 'a pipeline named after the service');
  });
});
