// Per-credential rate limits (per IP when anonymous), with X-RateLimit-* on every response.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, Errors } from '../../domain/errors.js';

export default fp(async function rateLimitPlugin(app: FastifyInstance, opts: { perMinute: number }) {
  if (opts.perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: opts.perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `principal:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new AppError(Errors.rateLimited, `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`),
  });
});
