// GET /metrics: the process's metrics in the Prometheus text format, for admins (a scraper holds an admin
// API key), or without credentials on a port of its own (RUNLEDGER_METRICS_PORT, see src/observability).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../observability/metrics.js';
import { problems } from '../problem-schema.js';

export default async function metricsPlugin(app: FastifyInstance, opts: { metrics: Metrics }) {
  app.get('/metrics', {
    schema: {
      tags: ['system'],
      summary: 'Metrics of this process (Prometheus text format)',
      description:
        'HTTP requests by route, method and status with latency histograms; runs waiting or executing by kind and ' +
        'status; queue depth and claim latency; run and step durations; lease renewals and reaps; OTLP spans ' +
        'received; store pool use; process metrics. Each process counts its own: scrape every `serve` and `worker`. ' +
        'Needs an admin here; RUNLEDGER_METRICS_PORT serves the same without credentials on a port of its own.',
      operationId: 'getMetrics',
      response: {
        200: {
          description: 'Every metric, in the Prometheus text exposition format 0.0.4',
          content: { 'text/plain': { schema: Type.String() } },
        },
        ...problems(401, 403),
      },
    },
    config: { access: 'admin' },
    handler: async (_request, reply) => reply.type(opts.metrics.contentType).send(await opts.metrics.render()),
  });
}
