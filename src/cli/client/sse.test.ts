import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEvents, type ServerSentEvent } from './sse.js';

async function read(chunks: string[]): Promise<ServerSentEvent[]> {
  const encoder = new TextEncoder();
  const body = (async function* () {
    for (const c of chunks) yield encoder.encode(c);
  })();
  const events: ServerSentEvent[] = [];
  for await (const e of readEvents(body)) events.push(e);
  return events;
}

describe('readEvents', () => {
  it('reads events split anywhere across chunks, CRLF included', async () => {
    const events = await read(['retry: 2000\r', '\n\r\nid: 1\r\nevent: ru', 'n\r\ndata: {"a"', ':1}\r', '\n\r', '\n: keepalive\n\ndata: x\n\n']);
    assert.deepEqual(events, [
      { event: 'run', data: '{"a":1}', id: '1' },
      { event: 'message', data: 'x', id: '1' },
    ]);
  });

  it('joins data lines, drops one leading space, and dispatches nothing without data', async () => {
    assert.deepEqual(await read(['event: a\n\ndata:one\ndata:  two\n\n']), [{ event: 'message', data: 'one\n two' }]);
  });

  it('dispatches no event left unterminated at the end of the stream', async () => {
    assert.deepEqual(await read(['data: done\n\ndata: cut']), [{ event: 'message', data: 'done' }]);
  });
});
