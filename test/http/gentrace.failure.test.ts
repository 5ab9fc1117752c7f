// Bodies over the configured limit get 413, and a fault inside the ingestion transaction stores nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { countRows } from '../helpers/counts.js';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const LIMIT = 64 * 1024;
let failNextIngest = false;
let server: TestServer;
before(async () => {
  server = await startTestServer({
    env: { RUNLEDGER_BODY_LIMIT: String(LIMIT) },
    racepoints: {
      afterRunInsert: () => {
        if (failNextIngest) {
          failNextIngest = false;
          throw new Error('injected fault after the run row was written');
        }
      },
    },
  });
});
after(() => server.close());

const bodyOfSize = (bytes: number) => runBody({ stepRuns: [stepRun(0, { inputs: { document: 'x'.repeat(bytes) } })] });

describe('body limit', () => {
  it('stores a body under the limit, keeping inputs as jsonb', async () => {
    const body = bodyOfSize(LIMIT - 2048);
    assert.ok(Buffer.byteLength(JSON.stringify(body)) < LIMIT);
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const types = await sql<{ inputs: string; outputs: string }>`
      SELECT pg_typeof(inputs)::text AS inputs, pg_typeof(outputs)::text AS outputs FROM run_steps WHERE run_id = ${body.id}
    `.execute(server.ctx.db);
    assert.deepEqual(types.rows, [{ inputs: 'jsonb', outputs: 'jsonb' }]);
  });

  it('answers 413 problem+json over the limit and stores nothing', async () => {
    const before = await countRows(server.ctx.db);
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', bodyOfSize(LIMIT));
    assert.equal(res.status, 413);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(res.body.error_code, 'RL_BODY_TOO_LARGE');
    assert.equal(res.body.status, 413);
    assert.deepEqual(await countRows(server.ctx.db), before);
  });

  it('answers 413 to a chunked body that announces no length', async () => {
    const before = await countRows(server.ctx.db);
    const text = JSON.stringify(bodyOfSize(LIMIT));
    const chunks = [text.slice(0, 1000), text.slice(1000)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const res = await fetch(`${server.url}/api/v1/pipeline-run`, {
      method: 'POST',
      headers: { ...server.credentials.writer, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error_code: string }).error_code, 'RL_BODY_TOO_LARGE');
    assert.deepEqual(await countRows(server.ctx.db), before);
  });
});

describe('atomicity', () => {
  it('rolls back the run, steps, pipeline and lineage when the transaction fails midway', async () => {
    const before = await countRows(server.ctx.db);
    failNextIngest = true;
    const body = runBody({ slug: 'rolled-back-pipeline' }, 3);
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', body);
    assert.equal(res.status, 500);
    assert.equal(res.body.error_code, 'RL_INTERNAL');
    assert.doesNotMatch(JSON.stringify(res.body), /injected fault/);
    assert.deepEqual(await countRows(server.ctx.db), before);
    // The id is still free: the same body now goes in.
    const retry = await server.requestAs('writer', 'POST', '/api/v1/run', body);
    assert.deepEqual(retry.body, { pipelineRunId: body.id });
  });
});
