// The OTLP/HTTP receiver's protocol, spoken by hand: both encodings and their responses, gzip, partial success,
// bodies that do not decode or are too large (nothing stored, and the next request still served), credentials,
// spans of one trace across requests in any order and repeated, and a trace id that names another run.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { decodeExportResponse, encodeExportRequest } from '../../src/http/otlp/protobuf.js';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { countRows } from '../helpers/counts.js';
import { exportRequest, hex, traceUuid, type RawSpan } from '../helpers/otlp.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const BODY_LIMIT = 256 * 1024;
let failNextIngest = false;
let server: TestServer;
before(async () => {
  server = await startTestServer({
    env: { RUNLEDGER_BODY_LIMIT: String(BODY_LIMIT) },
    racepoints: {
      afterRunInsert: () => {
        if (failNextIngest) {
          failNextIngest = false;
          throw new Error('injected fault after the spans and their lineage were written');
        }
      },
    },
  });
});
after(() => server.close());

interface Sent {
  status: number;
  type: string;
  body: any;
}

async function send(body: Buffer | string, headers: Record<string, string>, path = '/v1/traces', caller: 'writer' | 'reader' | 'anonymous' = 'writer'): Promise<Sent> {
  const auth = caller === 'anonymous' ? {} : server.credentials[caller];
  const res = await fetch(server.url + path, { method: 'POST', headers: { ...auth, ...headers }, body });
  const type = res.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await res.arrayBuffer());
  const parsed = type.startsWith('application/x-protobuf') ? decodeExportResponse(bytes) : bytes.length ? JSON.parse(bytes.toString()) : undefined;
  return { status: res.status, type, body: parsed };
}

const json = (request: object) => send(JSON.stringify(request), { 'content-type': 'application/json' });
const protobuf = (request: Record<string, unknown>) => send(encodeExportRequest(request), { 'content-type': 'application/x-protobuf' });

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

/** A trace of a root, two children and a grandchild (which fails). */
function family(traceId = hex(16)) {
  const [root, a, b, c] = [hex(8), hex(8), hex(8), hex(8)];
  const spans: Record<'root' | 'a' | 'b' | 'c', RawSpan> = {
    root: { traceId, spanId: root, name: 'root', startMs: T0, endMs: T0 + 100, attributes: { 'gentrace.pipeline_id': '7d3c1a52-3f7e-4b0a-9c1e-2a6b8f0d4e11' } },
    a: { traceId, spanId: a, parentSpanId: root, name: 'a', startMs: T0 + 10, endMs: T0 + 40, events: [{ name: 'gentrace.fn.args', ms: T0 + 10, attributes: { args: '[{"x":1}]' } }] },
    b: { traceId, spanId: b, parentSpanId: root, name: 'b', startMs: T0 + 50, endMs: T0 + 90 },
    c: { traceId, spanId: c, parentSpanId: b, name: 'c', startMs: T0 + 60, endMs: T0 + 70, error: 'went wrong' },
  };
  return { traceId, spans };
}

async function snapshot(traceId: string) {
  const runId = traceUuid(traceId);
  const run = (await server.requestAs('reader', 'GET', `/model-runs/${runId}`)).body;
  const steps = (await server.requestAs('reader', 'GET', `/model-runs/${runId}/steps`)).body.data;
  const graph = (await server.requestAs('reader', 'GET', `/explore/upstream?starting_id=${runId}&depth=4`)).body.graph;
  const ids = new Map<string, string>([[runId, 'run'], ...steps.map((s: any): [string, string] => [s.id, `step ${s.model_name}`])]);
  const name = (id: string) => ids.get(id) ?? id;
  return {
    run: { status: run.status, display_name: run.display_name, started_at: run.started_at, finished_at: run.finished_at, error_message: run.error_message },
    steps: steps.map((s: any) => ({ name: s.model_name, order: s.order, parent: s.parent_step_id && name(s.parent_step_id), status: s.status, inputs: s.inputs })),
    links: graph.links.map((l: any) => `${name(l.source)} ${l.type} ${name(l.target)}`).sort(),
    nodes: graph.nodes.map((n: any) => `${n.item_subtype} ${n.display_name}`).sort(),
  };
}

describe('spans of one trace across requests', () => {
  it('give the same run whether the root comes first or last, one span per request', async () => {
    const first = family();
    const last = family();
    for (const key of ['root', 'a', 'b', 'c'] as const) assert.deepEqual((await json(exportRequest([first.spans[key]]))).body, {});
    for (const key of ['c', 'b', 'a', 'root'] as const) assert.deepEqual((await protobuf(exportRequest([last.spans[key]]))).body, {});
    const a = await snapshot(first.traceId);
    const b = await snapshot(last.traceId);
    assert.deepEqual(b, a);
    assert.deepEqual(a.run, {
      status: 'FAILED',
      display_name: 'root',
      started_at: new Date(T0).toISOString(),
      finished_at: new Date(T0 + 100).toISOString(),
      error_message: 'c: went wrong',
    });
    assert.deepEqual(
      a.steps.map((s: any) => [s.name, s.order, s.parent, s.status]),
      [['root', 0, undefined, 'SUCCESS'], ['a', 1, 'step root', 'SUCCESS'], ['b', 2, 'step root', 'SUCCESS'], ['c', 3, 'step b', 'FAILED']],
    );
    assert.ok(a.links.includes('step c wasStartedBy step b') && a.links.includes('step b wasInformedBy step c'), a.links.join('\n'));
    assert.ok(a.links.includes('step root wasStartedBy run') && a.links.includes('run wasInformedBy step root'));
  });

  it('shows a run as its spans arrive: start, end and name follow them', async () => {
    const { traceId, spans } = family();
    await json(exportRequest([spans.c]));
    const partial = await snapshot(traceId);
    assert.deepEqual(partial.run, {
      status: 'FAILED',
      display_name: `trace ${traceId}`,
      started_at: new Date(T0 + 60).toISOString(),
      finished_at: new Date(T0 + 70).toISOString(),
      error_message: 'c: went wrong',
    });
    assert.equal(partial.steps[0].parent, (await server.requestAs('reader', 'GET', `/model-runs/${traceUuid(traceId)}/steps`)).body.data[0].parent_step_id, 'names the parent not yet received');
    await json(exportRequest([spans.root, spans.a, spans.b]));
    assert.equal((await snapshot(traceId)).run.display_name, 'root');
  });

  it('stores a repeated span once; with other content, refuses it', async () => {
    const { traceId, spans } = family();
    assert.deepEqual((await json(exportRequest([spans.root, spans.a]))).body, {});
    const before = await countRows(server.ctx.db);
    const again = await protobuf(exportRequest([spans.a, spans.root]));
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, {}, 'the same span again is accepted and changes nothing');
    assert.deepEqual(await countRows(server.ctx.db), before);

    const changed = await json(exportRequest([{ ...spans.a, name: 'renamed' }, spans.b]));
    assert.equal(changed.status, 200);
    assert.equal(changed.body.partialSuccess.rejectedSpans, '1');
    assert.match(changed.body.partialSuccess.errorMessage, new RegExp(`span ${spans.a.spanId} of trace ${traceId}: span was already received with different content`));
    const names = (await snapshot(traceId)).steps.map((s: any) => s.name);
    assert.deepEqual(names, ['root', 'a', 'b'], 'the first content stays; the other span of the request is stored');
  });

  it('keeps concurrent requests for one trace from losing spans or updates', async () => {
    const traceId = hex(16);
    const root = hex(8);
    const spans: RawSpan[] = Array.from({ length: 40 }, (_, i) => ({
      traceId,
      spanId: hex(8),
      parentSpanId: root,
      name: `child ${String(i).padStart(2, '0')}`,
      startMs: T0 + 10 + i,
      endMs: T0 + 500 + i,
      ...(i === 17 ? { error: 'child failed' } : {}),
    }));
    spans.push({ traceId, spanId: root, name: 'root', startMs: T0, endMs: T0 + 1000 });
    // Other traces in the same requests, in opposite orders, so requests lock several runs at once.
    const others = [hex(16), hex(16)];
    const replies = await Promise.all(
      spans.map((span, i) => {
        const extra = others.map((t) => ({ traceId: t, spanId: hex(8), name: `other ${i}`, startMs: T0, endMs: T0 + 1 }));
        return (i % 2 ? json : protobuf)(exportRequest([span, ...(i % 2 ? extra : extra.reverse())]));
      }),
    );
    assert.deepEqual(replies.map((r) => r.status), spans.map(() => 200));
    assert.ok(replies.every((r) => r.body.partialSuccess === undefined), JSON.stringify(replies.find((r) => r.body.partialSuccess)));
    const s = await snapshot(traceId);
    assert.equal(s.steps.length, 41);
    assert.deepEqual(s.steps.map((x: any) => x.order), [...Array(41).keys()]);
    assert.deepEqual(s.run, {
      status: 'FAILED',
      display_name: 'root',
      started_at: new Date(T0).toISOString(),
      finished_at: new Date(T0 + 1000).toISOString(),
      error_message: 'child 17: child failed',
    });
    for (const t of others) assert.equal((await server.requestAs('reader', 'GET', `/model-runs/${traceUuid(t)}/steps?max_results=100`)).body.data.length, 41);
  });
});

describe('partial success', () => {
  it('refuses spans one by one, naming why, and stores the rest', async () => {
    const good = family();
    const bad: RawSpan[] = [
      { ...good.spans.a, traceId: 'abc', spanId: hex(8) },
      { ...good.spans.a, spanId: '00' },
      { ...good.spans.a, spanId: hex(8), startMs: T0 + 50, endMs: T0 + 10 },
      { ...good.spans.a, spanId: hex(8), attributes: { 'gentrace.pipeline_id': 'not-a-uuid' } },
    ];
    for (const send of [json, protobuf]) {
      const reply = await send(exportRequest([good.spans.root, ...bad]));
      assert.equal(reply.status, 200);
      assert.equal(reply.body.partialSuccess.rejectedSpans, '4');
      const message = reply.body.partialSuccess.errorMessage;
      for (const why of ['traceId must be 16 bytes', 'spanId must be 8 bytes', 'endTimeUnixNano is before startTimeUnixNano', 'gentrace.pipeline_id must be a UUID']) {
        assert.ok(message.includes(why), `${why} in: ${message}`);
      }
    }
    assert.deepEqual((await snapshot(good.traceId)).steps.map((s: any) => s.name), ['root']);
  });

  it('answers protobuf with protobuf and JSON with JSON', async () => {
    const { spans } = family();
    const pb = await protobuf(exportRequest([{ ...spans.a, spanId: 'zz' }]));
    assert.match(pb.type, /^application\/x-protobuf/);
    assert.equal(pb.body.partialSuccess.rejectedSpans, '1');
    const js = await json(exportRequest([spans.root]));
    assert.match(js.type, /^application\/json/);
    assert.deepEqual(js.body, {});
  });

  it('refuses spans whose trace id names a run of another origin', async () => {
    const traceId = hex(16);
    const body = runBody({ id: traceUuid(traceId), slug: 'clash', stepRuns: [stepRun(0)] });
    assert.equal((await server.requestAs('writer', 'POST', '/api/v1/run', body)).status, 200);
    const reply = await json(exportRequest([{ traceId, spanId: hex(8), name: 'x', startMs: T0, endMs: T0 + 1 }]));
    assert.equal(reply.body.partialSuccess.rejectedSpans, '1');
    assert.match(reply.body.partialSuccess.errorMessage, /which is not a trace/);
    const steps = (await server.requestAs('reader', 'GET', `/model-runs/${body.id}/steps`)).body.data;
    assert.equal(steps.length, 1, 'the pipeline run is untouched');
    // And the other way round: the pipeline-run API will not take a trace's id.
    const trace = family();
    await json(exportRequest([trace.spans.root]));
    const clash = await server.requestAs('writer', 'POST', '/api/v1/run', runBody({ id: traceUuid(trace.traceId), slug: 'clash', stepRuns: [stepRun(0)] }));
    assert.equal(clash.status, 409);
  });
});

describe('bodies', () => {
  it('accepts gzip in both encodings', async () => {
    const { traceId, spans } = family();
    const a = await send(gzipSync(JSON.stringify(exportRequest([spans.root]))), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const b = await send(gzipSync(encodeExportRequest(exportRequest([spans.a]))), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    assert.deepEqual([a.status, a.body, b.status, b.body], [200, {}, 200, {}]);
    assert.equal((await snapshot(traceId)).steps.length, 2);
  });

  it('refuses what does not decode, stores nothing, and serves the next request', async () => {
    const before = await countRows(server.ctx.db);
    const cases: [Buffer | string, Record<string, string>, number, RegExp][] = [
      [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), { 'content-type': 'application/x-protobuf' }, 400, /not a protobuf ExportTraceServiceRequest/],
      ['{"resourceSpans": 5}', { 'content-type': 'application/json' }, 400, /resourceSpans/],
      ['{"resourceSpans": [', { 'content-type': 'application/json' }, 400, /JSON|body/],
      [Buffer.from('not gzip at all'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400, /not valid gzip/],
      ['{}', { 'content-type': 'application/json', 'content-encoding': 'br' }, 415, /Content-Encoding "br"/],
      ['{}', { 'content-type': 'text/plain' }, 415, /./],
    ];
    for (const [body, headers, status, detail] of cases) {
      const reply = await send(body, headers);
      assert.equal(reply.status, status, JSON.stringify(reply.body));
      assert.match(reply.type, /^application\/problem\+json/);
      assert.match(reply.body.detail, detail);
    }
    assert.deepEqual(await countRows(server.ctx.db), before);
    assert.equal((await json(exportRequest([family().spans.root]))).status, 200);
  });

  it('refuses a body over the limit, and one that inflates past it, with 413', async () => {
    const { spans } = family();
    const big = exportRequest([{ ...spans.root, attributes: { pad: 'x'.repeat(BODY_LIMIT) } }]);
    const plain = await json(big);
    assert.equal(plain.status, 413);
    const bomb = gzipSync(Buffer.alloc(64 * BODY_LIMIT, 0x20));
    assert.ok(bomb.length < BODY_LIMIT);
    const inflated = await send(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(inflated.status, 413);
    assert.equal(inflated.body.error_code, 'RL_BODY_TOO_LARGE');
    assert.equal((await server.requestAs('anonymous', 'GET', '/health')).status, 200);
  });

  it('stores nothing of a request that fails midway, and takes it again afterwards', async () => {
    const { traceId, spans } = family();
    await json(exportRequest([spans.root]));
    const before = await countRows(server.ctx.db);
    failNextIngest = true;
    const failed = await protobuf(exportRequest([spans.a, spans.b, family().spans.root]));
    assert.equal(failed.status, 500);
    assert.deepEqual(await countRows(server.ctx.db), before);
    assert.deepEqual((await protobuf(exportRequest([spans.a, spans.b]))).body, {});
    assert.deepEqual((await snapshot(traceId)).steps.map((s: any) => s.name), ['root', 'a', 'b']);
  });

  it('asks for credentials, and for the writer role', async () => {
    const body = JSON.stringify(exportRequest([family().spans.root]));
    const anonymous = await send(body, { 'content-type': 'application/json' }, '/v1/traces', 'anonymous');
    assert.equal(anonymous.status, 401);
    const reader = await send(body, { 'content-type': 'application/json' }, '/api/otel/v1/traces', 'reader');
    assert.equal(reader.status, 403);
  });
});
