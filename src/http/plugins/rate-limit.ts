// Per-credential rate limits (per IP when anonymous), with X-RateLimit-* on every response.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { AppError, Errors } from '../../domain/errors.js';

export interface RateLimitOptions {
  perMinute: number;
  /** Counters in Redis hold across every server process; without it each process counts alone. */
  redisUrl?: string | undefined;
  namespace?: string;
}

export default fp(async function rateLimitPlugin(app: FastifyInstance, opts: RateLimitOptions) {
  if (opts.perMinute === 0) return;
  // Fail fast rather than queue requests behind a Redis that is away (ioredis's defaults retry for long).
  const redis = opts.redisUrl ? new Redis(opts.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1 }) : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    global: true,
    ...(redis ? { redis, nameSpace: opts.namespace ?? 'runledger-rate-limit:' } : {}),
    max: opts.perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `principal:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new AppError(Errors.rateLimited, `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`),
  });
});
