// The one logger factory: the HTTP server, the in-process worker and `runledger worker` log through it, so
// every line has one shape (pino's JSON: level, time, pid, hostname, msg, then the event's fields).
import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) rather than JSON; by default when stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/**
 * pino-pretty is a dependency, not a devDependency: a terminal is where someone starting runledger by hand
 * (a production install included) reads its log. It is loaded only then, so a process under a supervisor,
 * whose stdout is a pipe, never pays for it.
 */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  // Synchronous, as the JSON destination: a line logged just before process.exit is still written.
  return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', ...(destination ? { destination } : {}) });
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const destination = pretty ? prettyStream(options.destination) : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino({ level: options.level, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** A logger that writes nothing: for tests and embedders that pass `logger: false`. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
