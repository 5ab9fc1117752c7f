// An ingested run's PROV document is rebuilt from its stored rows rather than stored beside them. The rebuilt
// document must be the one the request itself gives (what ingestion used to store): times as sent (offsets,
// microseconds, nanoseconds), failed steps, a step returning its inputs, no steps, either lodger.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readRunRequest, type RunRequestBody } from '../../src/domain/gentrace.js';
import { valueEntity, type ProvStep } from '../../src/prov/pipeline-run-prov.js';
import { getPipelineRunProv, pipelineRunProvOfRequest } from '../../src/services/gentrace-service.js';
import type { Principal } from '../../src/services/context.js';
import { listStepsOfRun } from '../../src/store/steps.js';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { startTestServer, type Caller, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** The document the request gives, with the ids and clock the server used for it. */
async function documentOfRequest(body: RunRequestBody, caller: Caller): Promise<unknown> {
  const me = (await server.requestAs(caller, 'GET', '/me')).body as Principal;
  const run = readRunRequest(body);
  const rows = await listStepsOfRun(server.ctx.db, body.id);
  const created = await server.ctx.db.selectFrom('runs').select('created_at').where('id', '=', body.id).executeTakeFirstOrThrow();
  const steps: ProvStep[] = run.stepRuns.map((s, i) => ({
    id: rows[i]!.id,
    order: i,
    status: rows[i]!.status as ProvStep['status'],
    run: s,
    inputs: valueEntity(s.inputs),
    outputs: valueEntity(s.outputs),
  }));
  return pipelineRunProvOfRequest(body.id, run, steps, { id: me.id, username: me.username, role: me.role, kind: me.kind }, created.created_at).toJSON();
}

async function ingestAndCompare(body: RunRequestBody, caller: Caller = 'writer'): Promise<void> {
  const res = await server.requestAs(caller, 'POST', '/api/v1/run', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const rebuilt = await getPipelineRunProv(server.ctx, body.id);
  assert.equal(JSON.stringify(rebuilt), JSON.stringify(await documentOfRequest(body, caller)));
}

describe('PROV of ingested runs, rebuilt from the rows', () => {
  it('equals the document of the request for a plain run', async () => {
    await ingestAndCompare(runBody({}, 3) as RunRequestBody);
  });

  it('keeps times as sent: offsets, microseconds and digits past them', async () => {
    const steps = [
      stepRun(0, { startTime: '2024-05-01T14:00:00.123456+02:00', endTime: '2024-05-01T12:00:00.999999Z' }),
      stepRun(1, { startTime: '2024-05-01T12:00:01Z', endTime: '2024-05-01T12:00:01.0000009Z' }),
      stepRun(2, { startTime: '2024-05-01t07:00:02.5-05:00', endTime: '2024-05-01T12:00:02.987654321Z' }),
    ];
    await ingestAndCompare(runBody({ stepRuns: steps }) as RunRequestBody);
  });

  it('names failed steps, a step that returned its inputs, and varied values', async () => {
    const same = { prompt: 'echo', n: [1, 2.5, -0, 1e21, 'ü', { b: null, a: true }] };
    const steps = [
      stepRun(0, { error: 'timed out', outputs: {} }),
      stepRun(1, { inputs: same, outputs: { ...same }, providerName: 'anthropic', modelParams: { z: 1, a: { y: [1e-7] } } }),
      stepRun(2, { error: '' }),
    ];
    await ingestAndCompare(runBody({ stepRuns: steps, name: 'Display name' }) as RunRequestBody);
  });

  it('rebuilds a run without steps, and one lodged by a user', async () => {
    await ingestAndCompare(runBody({ stepRuns: [] }) as RunRequestBody);
    await ingestAndCompare(runBody({}, 2) as RunRequestBody, 'admin');
  });

  it('stores no document beside the rows', async () => {
    const body = runBody() as RunRequestBody;
    await server.requestAs('writer', 'POST', '/api/v1/run', body);
    const row = await server.ctx.db.selectFrom('runs').select('prov_json').where('id', '=', body.id).executeTakeFirstOrThrow();
    assert.equal(row.prov_json, null);
  });
});
