import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSpanContent } from './span-content.js';
import { nanosToIso, spanProblem, type SpanRecord } from './trace-spans.js';

function span(overrides: Partial<SpanRecord> = {}): SpanRecord {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    name: 'call',
    kind: 'CLIENT',
    startNanos: 1_714_564_800_000_000_000n,
    endNanos: 1_714_564_800_250_000_000n,
    attributes: {},
    events: [],
    status: { code: 'UNSET', message: '' },
    resource: {},
    scope: { name: '', version: '' },
    ...overrides,
  };
}

describe('what a span says about its step', () => {
  it('reads the older GenAI conventions: gen_ai.system, gen_ai.prompt / gen_ai.completion as attributes or events', () => {
    const content = readSpanContent(
      span({
        attributes: { 'gen_ai.system': 'anthropic', 'gen_ai.prompt': '[{"role":"user","content":"hi"}]', 'gen_ai.usage.prompt_tokens': 3 },
        events: [{ name: 'gen_ai.content.completion', timeNanos: 1n, attributes: { 'gen_ai.completion': 'hello' } }],
      }),
    );
    assert.equal(content.providerName, 'anthropic');
    assert.deepEqual(content.inputs, { prompt: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(content.outputs, { completion: 'hello' });
    assert.deepEqual(content.usage, { prompt_tokens: 3 });
    assert.equal(content.modelParams, null);
  });

  it('reads indexed prompts and completions in index order', () => {
    const content = readSpanContent(
      span({
        attributes: {
          'gen_ai.prompt.1.role': 'user',
          'gen_ai.prompt.1.content': 'second',
          'gen_ai.prompt.0.role': 'system',
          'gen_ai.prompt.0.content': 'first',
          'gen_ai.completion.0.content': 'answer',
        },
      }),
    );
    assert.deepEqual(content.inputs, { messages: [{ role: 'system', content: 'first' }, { role: 'user', content: 'second' }] });
    assert.deepEqual(content.outputs, { messages: [{ content: 'answer' }] });
  });

  it("prefers Gentrace's events, and keeps arguments that are not JSON as text", () => {
    const content = readSpanContent(
      span({
        attributes: { 'gen_ai.input.messages': '[]' },
        events: [
          { name: 'gentrace.fn.args', timeNanos: 1n, attributes: { args: 'not json' } },
          { name: 'gentrace.fn.output', timeNanos: 2n, attributes: { output: '42' } },
        ],
      }),
    );
    assert.deepEqual(content.inputs, { args: 'not json' });
    assert.deepEqual(content.outputs, { output: 42 });
  });

  it('takes the error from the status, then error.type, then the exception event', () => {
    const failed = (attributes: SpanRecord['attributes'], message = '', events: SpanRecord['events'] = []) =>
      readSpanContent(span({ status: { code: 'ERROR', message }, attributes, events })).error;
    assert.equal(failed({}, 'boom'), 'boom');
    assert.equal(failed({ 'error.type': 'Timeout' }), 'Timeout');
    assert.equal(failed({}, '', [{ name: 'exception', timeNanos: 1n, attributes: { 'exception.message': 'x broke' } }]), 'x broke');
    assert.equal(failed({}), 'span status ERROR');
    assert.equal(readSpanContent(span()).error, null);
  });
});

describe('the rules of a span', () => {
  it('names what is wrong', () => {
    assert.equal(spanProblem(span()), undefined);
    assert.match(spanProblem(span({ traceId: '0'.repeat(32) }))!, /traceId/);
    assert.match(spanProblem(span({ spanId: 'b7ad6b71' }))!, /spanId/);
    assert.match(spanProblem(span({ parentSpanId: 'b7ad6b7169203331' }))!, /itself/);
    assert.match(spanProblem(span({ kind: 9 }))!, /kind 9/);
    assert.match(spanProblem(span({ endNanos: 1n }))!, /before startTimeUnixNano/);
    assert.match(spanProblem(span({ startNanos: 0n, endNanos: 0n }))!, /required/);
    assert.match(spanProblem(span({ attributes: { 'gentrace.pipeline_id': 'p-1' } }))!, /UUID/);
  });

  it('writes nanoseconds as a UTC instant to the microsecond', () => {
    assert.equal(nanosToIso(1_714_564_800_123_456_789n), '2024-05-01T12:00:00.123456Z');
  });
});
