// GET /events: server-sent events of runs as they change (the web UI's live statuses; any client may follow
// it). Each `run` event's data is the run as GET /model-runs/{id} answers it; its id is the change's time,
// which a reconnecting client sends back as Last-Event-ID to receive what it missed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RunView } from '../../domain/run-schemas.js';
import type { ServiceContext } from '../../services/context.js';
import { RunChangeFeed } from '../../services/run-changes.js';
import { problems } from '../problem-schema.js';

const KEEPALIVE_MS = 15_000;

export default async function eventsPlugin(app: FastifyInstance, opts: { ctx: ServiceContext; pollMs: number }): Promise<void> {
  const feed = new RunChangeFeed(opts.ctx, opts.pollMs);
  const open = new Set<FastifyReply>();
  // Streams never end by themselves: close them first, or shutdown would wait on them.
  app.addHook('preClose', async () => {
    feed.stop();
    for (const reply of open) reply.raw.end();
  });

  app.get('/events', {
    schema: {
      tags: ['runs'],
      summary: 'Follow runs as they change (server-sent events)',
      description:
        'A text/event-stream of `run` events, one per change of a run (created, started, finished, cancelled), whose ' +
        'data is the run as GET /model-runs/{runId} answers it. Send Last-Event-ID to receive changes since that ' +
        'event. A comment line is sent every 15 s to keep the connection open.',
      operationId: 'followRunEvents',
      response: {
        200: {
          description: 'The stream: `run` events (data: the run as JSON), and a keepalive comment every 15 s',
          content: { 'text/event-stream': { schema: Type.String() } },
        },
        ...problems(401, 429),
      },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      const send = (run: RunView) => raw.write(`id: ${run.updated_at}\nevent: run\ndata: ${JSON.stringify(run)}\n\n`);
      const unsubscribe = feed.subscribe(send);
      open.add(reply);
      const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
      raw.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(reply);
      });
      const lastId = req.headers['last-event-id'];
      const since = typeof lastId === 'string' ? new Date(lastId) : undefined;
      if (since && !Number.isNaN(since.getTime())) for (const run of await feed.since(since)) send(run);
    },
  });
}
