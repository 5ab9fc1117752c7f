// A run is brought up to date from each request's new spans rather than recomputed from all of them, so
// every arrival order must end in the same run: two roots (the earlier names the run), two failed spans (the
// earlier one's message), two Gentrace pipelines and two service names (Gentrace's least id wins), a tie on
// start time (broken by span id), and steps numbered in start order whichever came first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { exportRequest, hex, traceUuid, type RawSpan } from '../helpers/otlp.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const T0 = Date.parse('2024-05-01T12:00:00.000Z');
const PIPELINES = ['3a1f0c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b', '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b'];
const SPAN_IDS = { r1: hex(8), r2: hex(8), x: hex(8), y: hex(8), z: hex(8), w: hex(8) };
type Key = keyof typeof SPAN_IDS;

/** The spans of a trace and the service each is exported under. */
function trace(traceId: string): Record<Key, { span: RawSpan; service: string }> {
  const span = (key: Key, rest: Omit<RawSpan, 'traceId' | 'spanId'>, service: string) => ({ span: { traceId, spanId: SPAN_IDS[key], ...rest }, service });
  return {
    r1: span('r1', { name: 'first root', startMs: T0 + 5, endMs: T0 + 50 }, 'svc-b'),
    r2: span('r2', { name: 'second root', startMs: T0 + 30, endMs: T0 + 200 }, 'svc-a'),
    x: span('x', { parentSpanId: SPAN_IDS.r1, name: 'x', startMs: T0 + 1, endMs: T0 + 9, error: 'x failed', attributes: { 'gentrace.pipeline_id': PIPELINES[1]! } }, 'svc-b'),
    y: span('y', { parentSpanId: SPAN_IDS.r2, name: 'y', startMs: T0 + 40, endMs: T0 + 60, error: 'y failed', attributes: { 'gentrace.pipeline_id': PIPELINES[0]! } }, 'svc-a'),
    z: span('z', { parentSpanId: SPAN_IDS.r1, name: 'z', startMs: T0 + 5, endMs: T0 + 8 }, 'svc-a'),
    w: span('w', { parentSpanId: SPAN_IDS.r2, name: 'w', startMs: T0 + 35, endMs: T0 + 36 }, 'svc-b'),
  };
}

async function send(groups: Key[][]): Promise<string> {
  const traceId = hex(16);
  const spans = trace(traceId);
  for (const group of groups) {
    const reply = await server.requestAs('writer', 'POST', '/v1/traces', exportRequest(group.map((k) => spans[k].span), spans[group[0]!].service));
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, {});
  }
  return traceId;
}

async function snapshot(traceId: string) {
  const runId = traceUuid(traceId);
  const run = (await server.requestAs('reader', 'GET', `/model-runs/${runId}`)).body;
  const steps = (await server.requestAs('reader', 'GET', `/model-runs/${runId}/steps`)).body.data;
  const stored = await sql<{ pipeline_id: string | null; node_name: string }>`
    SELECT r.pipeline_id, n.display_name AS node_name FROM runs r JOIN lineage_nodes n ON n.id = r.id::text WHERE r.id = ${runId}
  `.execute(server.ctx.db);
  return {
    run: { status: run.status, display_name: run.display_name, started_at: run.started_at, finished_at: run.finished_at, error_message: run.error_message },
    steps: steps.map((s: { model_name: string; order: number }) => [s.model_name, s.order]),
    ...stored.rows[0]!,
  };
}

describe('spans of one trace in any order', () => {
  it('end in the same run, one span per request or in groups', async () => {
    // r1 and z start at the same time: the lesser span id comes first.
    const tie: Key[] = SPAN_IDS.r1 < SPAN_IDS.z ? ['r1', 'z'] : ['z', 'r1'];
    const inStartOrder: Key[] = ['x', ...tie, 'r2', 'w', 'y'];
    const orders: Key[][][] = [
      inStartOrder.map((k) => [k]),
      [...inStartOrder].reverse().map((k) => [k]),
      (['w', 'r1', 'y', 'x', 'r2', 'z'] as Key[]).map((k) => [k]),
      (['r2', 'z', 'y', 'w', 'x', 'r1'] as Key[]).map((k) => [k]),
      // Grouped by service, as one exporter per service would send them, both ways round.
      [['r2', 'y', 'z'], ['r1', 'x', 'w']],
      [['w', 'x', 'r1'], ['z', 'y', 'r2']],
    ];
    const snapshots = [];
    for (const groups of orders) snapshots.push(await snapshot(await send(groups)));
    const expected = {
      run: {
        status: 'FAILED',
        display_name: 'first root',
        started_at: new Date(T0 + 1).toISOString(),
        finished_at: new Date(T0 + 200).toISOString(),
        error_message: 'x: x failed',
      },
      steps: [['x', 0], ...tie.map((k, i) => [k === 'r1' ? 'first root' : 'z', i + 1]), ['second root', 3], ['w', 4], ['y', 5]],
      pipeline_id: PIPELINES[0],
      node_name: 'first root',
    };
    for (const [i, s] of snapshots.entries()) assert.deepEqual(s, expected, `arrival order ${JSON.stringify(orders[i])}`);
  });
});
