// Per-credential rate limits (per IP when anonymous), with X-RateLimit-* on every response.
import { createRequire } from 'node:module';
import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, Errors } from '../../domain/errors.js';
import type { RedisLink } from './redis-link.js';

export interface RateLimitOptions {
  perMinute: number;
  /** Counters in Redis hold across every server process; without it each process counts alone. */
  redis?: RedisLink | undefined;
  namespace?: string;
}

type Counted = Parameters<FastifyRateLimitStore['incr']>[1];
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0];

/** The store contract of @fastify/rate-limit (its own stores are plain CommonJS constructors). */
interface CounterStore extends FastifyRateLimitStore {
  read(key: string, done: Counted, timeWindow: number, max: number): void;
  child(routeOptions: RouteOptions): CounterStore;
}
/** What the plugin passes a store's constructor (its typings say only FastifyRateLimitOptions). */
interface StoreParams {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
}

const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean | undefined,
  exponentialBackoff: boolean | undefined,
  redis: RedisLink['client'],
  namespace: string,
) => CounterStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean | undefined, exponentialBackoff: boolean | undefined) => CounterStore;

/**
 * Counts in Redis while it answers, in this process while it does not: a Redis outage must never turn
 * into failed requests. The local counters are the same ones a process without Redis uses.
 */
class FailoverStore implements CounterStore {
  constructor(
    private readonly shared: CounterStore,
    private readonly local: CounterStore,
    private readonly link: RedisLink,
  ) {}

  incr(key: string, done: Counted, timeWindow: number, max: number): void {
    this.#count('incr', key, done, timeWindow, max);
  }

  read(key: string, done: Counted, timeWindow: number, max: number): void {
    this.#count('read', key, done, timeWindow, max);
  }

  #count(method: 'incr' | 'read', key: string, done: Counted, timeWindow: number, max: number): void {
    if (!this.link.up) return this.local[method](key, done, timeWindow, max);
    this.shared[method](
      key,
      (err, result) => {
        if (!err) return done(null, result);
        this.link.markDown(err);
        this.local[method](key, done, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  child(routeOptions: RouteOptions): CounterStore {
    return new FailoverStore(this.shared.child(routeOptions), this.local.child(routeOptions), this.link);
  }
}

/** A store constructor for the plugin, counting through `link` while Redis answers. */
function failoverStore(link: RedisLink, namespace: string) {
  return class extends FailoverStore {
    constructor(params: StoreParams) {
      super(
        new RedisStore(params.continueExceeding, params.exponentialBackoff, link.client, namespace),
        new LocalStore(params.continueExceeding, params.exponentialBackoff),
        link,
      );
    }
  };
}

export default fp(async function rateLimitPlugin(app: FastifyInstance, opts: RateLimitOptions) {
  if (opts.perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    ...(opts.redis ? { store: failoverStore(opts.redis, opts.namespace ?? 'runledger-rate-limit:') } : {}),
    max: opts.perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `principal:${request.principal.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new AppError(Errors.rateLimited, `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`),
  });
});
