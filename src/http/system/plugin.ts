// Liveness and readiness. /health answers as long as the process serves HTTP; /ready also asks the store,
// and Redis when one is configured, so a load balancer can take an instance out while its store is away.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Errors, fail } from '../../domain/errors.js';
import { component, described } from '../components.js';
import type { RedisLink } from '../plugins/redis-link.js';

export interface ReadinessOptions {
  /** Resolves when the store answers a query; rejects saying why when it does not. */
  checkStore: () => Promise<void>;
  redis?: RedisLink | undefined;
}

const CHECK_TIMEOUT_MS = 2000;

const ComponentStatus = Type.Union([Type.Literal('ok'), Type.Literal('down')]);
const Health = component('Health', Type.Object({ status: Type.Literal('ok') }));
const Readiness = component(
  'Readiness',
  Type.Object({
    status: Type.Literal('ready'),
    checks: Type.Object({ store: ComponentStatus, redis: Type.Optional(ComponentStatus) }),
  }),
);

async function within(check: Promise<void>, ms: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${ms} ms`), ms);
  });
  try {
    return await Promise.race([check.then(() => undefined, (err: Error) => err.message), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export default async function systemPlugin(app: FastifyInstance, opts: ReadinessOptions) {
  app.get('/health', {
    schema: {
      tags: ['system'],
      summary: 'Liveness: the process serves HTTP',
      operationId: 'getHealth',
      response: { 200: described(Health, 'The process is alive') },
    },
    config: { access: 'public' },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/ready', {
    schema: {
      tags: ['system'],
      summary: 'Readiness: the store answers a query, and Redis when configured',
      description: '503 names the part that is down.',
      operationId: 'getReadiness',
      response: { 200: described(Readiness, 'The store, and Redis when configured, answer'), 503: { $ref: 'Problem#' } },
    },
    config: { access: 'public' },
    handler: async (request) => {
      const failures: string[] = [];
      const storeFailure = await within(opts.checkStore(), CHECK_TIMEOUT_MS);
      if (storeFailure) failures.push(`store: ${storeFailure}`);
      const redisFailure = opts.redis ? await within(opts.redis.ping(CHECK_TIMEOUT_MS), CHECK_TIMEOUT_MS) : undefined;
      if (redisFailure) failures.push(`redis: ${redisFailure}`);
      if (failures.length > 0) {
        request.log.warn({ failures }, 'not ready');
        fail(Errors.notReady, `not ready: ${failures.join('; ')}`);
      }
      return { status: 'ready' as const, checks: { store: 'ok' as const, ...(opts.redis ? { redis: 'ok' as const } : {}) } };
    },
  });
}
