// GET /events: runs pushed as they change, to any reader; a reconnect with Last-Event-ID gets what it missed;
// shutdown does not wait on open streams.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { runBody } from '../helpers/gentrace-bodies.js';
import { modelRuns } from '../helpers/model-runs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

interface Stream {
  events: EventSourceMessage[];
  status: number;
  contentType: string | null;
  close(): void;
}

async function follow(server: TestServer, headers: Record<string, string>): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${server.url}/events`, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const stream: Stream = { events: [], status: res.status, contentType: res.headers.get('content-type'), close: () => abort.abort() };
  if (res.ok && res.body) {
    const parser = createParser({ onEvent: (e) => stream.events.push(e) });
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body!) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch {
        // aborted
      }
    })();
  } else {
    await res.text();
  }
  return stream;
}

const runsIn = (s: Stream) => s.events.filter((e) => e.event === 'run').map((e) => JSON.parse(e.data) as { id: string; status: string });

describe('run events', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RUNLEDGER_EVENTS_POLL_MS: '100' } });
  });
  after(() => server?.close());

  test('a triggered run is seen going PENDING or RUNNING, then SUCCESS, by a reader', async () => {
    const stream = await follow(server, server.credentials.reader);
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /text\/event-stream/);
    const m = modelRuns(server);
    await m.model('live', 'one', 'select 1 as x');
    const run = await m.trigger({ project_name: 'live' });
    await waitFor(async () => (runsIn(stream).some((r) => r.id === run.id && r.status === 'SUCCESS') ? true : undefined), 'SUCCESS event');
    const statuses = runsIn(stream).filter((r) => r.id === run.id).map((r) => r.status);
    assert.equal(statuses.at(-1), 'SUCCESS');
    assert.equal(new Set(statuses).size, statuses.length, `each change once: ${statuses}`);
    const last = stream.events.filter((e) => e.event === 'run').at(-1)!;
    assert.ok(last.id && !Number.isNaN(Date.parse(last.id)));
    stream.close();
  });

  test('Last-Event-ID replays the changes since that event', async () => {
    const before = new Date().toISOString();
    const res = await server.requestAs('writer', 'POST', '/api/v1/run', runBody({ id: randomUUID() }));
    assert.equal(res.status, 200);
    const stream = await follow(server, { ...server.credentials.reader, 'last-event-id': before });
    await waitFor(async () => (runsIn(stream).some((r) => r.id === res.body.pipelineRunId) ? true : undefined), 'replayed run');
    stream.close();
  });

  test('no credentials: 401, and no stream', async () => {
    const stream = await follow(server, {});
    assert.equal(stream.status, 401);
  });

  // A hang here would outlast the timeout: close() waits for every open request.
  test('closing the server ends open streams rather than waiting on them', { timeout: 30_000 }, async () => {
    const other = await startTestServer();
    const stream = await follow(other, other.credentials.reader);
    assert.equal(stream.status, 200);
    await other.close();
    stream.close();
  });
});
