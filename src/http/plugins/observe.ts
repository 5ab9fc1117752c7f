// What every request leaves behind for an operator: its latency in the metrics, by route pattern (never the
// raw URL, whose ids would make a series per request), and its principal on its log lines.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from '../../observability/metrics.js';

export default fp(async function observePlugin(app: FastifyInstance, opts: { metrics: Metrics }) {
  // After authentication's onRequest hook (registered before this plugin): the principal is known, and every
  // later line of the request, "request completed" included, carries it. Failed credentials leave none.
  app.addHook('onRequest', async (request, reply) => {
    const principal = request.principal;
    if (!principal) return;
    const log = request.log.child({ principal: { id: principal.id, username: principal.username, kind: principal.kind } });
    request.log = log;
    reply.log = log;
  });

  app.addHook('onResponse', async (request, reply) => {
    opts.metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
});
