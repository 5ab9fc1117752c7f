// The optional Redis that server processes share rate-limit counters through. Redis is an optimisation of
// the limiter, never a dependency of the API: while it is away every process limits on its own counters,
// and it is used again as soon as it answers.
import { Redis } from 'ioredis';

const COMMAND_TIMEOUT_MS = 500;
const PROBE_INTERVAL_MS = 1000;

export interface RedisLink {
  readonly client: Redis;
  /** False from the first failed command until the connection is ready again. */
  readonly up: boolean;
  /** Marks an outage (logging it once) after a command failed. */
  markDown(err: Error): void;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface RedisLinkLog {
  warn(message: string): void;
  info(message: string): void;
}

export async function openRedisLink(url: string, log: RedisLinkLog): Promise<RedisLink> {
  const client = new Redis(url, {
    // Fail at once while disconnected instead of queueing requests behind a Redis that is away.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    // A Redis that is connected but does not answer (paused, overloaded) must fail a command, not hold it.
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let up = false;
  let probe: NodeJS.Timeout | undefined;
  const markUp = () => {
    clearInterval(probe);
    probe = undefined;
    if (!up) log.info('Redis is available; rate limits are shared across processes');
    up = true;
  };
  // While down, ask now and then: a Redis that stalled without dropping the connection never says 'ready'.
  const startProbing = () => {
    probe ??= setInterval(() => {
      client.ping().then(markUp, () => undefined);
    }, PROBE_INTERVAL_MS).unref();
  };
  const markDown = (err: Error) => {
    if (!up) return;
    up = false;
    log.warn(`Redis is unavailable (${err.message}); rate limits fall back to this process's own counters until it returns`);
    startProbing();
  };
  client.on('error', markDown);
  client.on('close', () => markDown(new Error('connection closed')));
  client.on('ready', markUp);
  // Start without waiting long for a Redis that is away: the limiter works without it.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (!up) {
    up = true;
    markDown(new Error(`no answer from ${new URL(url).host}`));
  }
  return {
    client,
    get up() {
      return up;
    },
    markDown,
    async ping(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([client.ping(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      clearInterval(probe);
      client.disconnect();
    },
  };
}
