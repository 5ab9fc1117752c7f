import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from './logger.js';

/** A destination that keeps what is written to it. */
function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('createLogger', () => {
  it('writes one JSON object a line, at the level asked for', () => {
    const out = collector();
    const log = createLogger({ level: 'info', pretty: false, destination: out.stream });
    log.debug('not written');
    log.child({ runId: 'r1' }).warn({ error: 'boom' }, 'run failed');
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    const { time, pid, hostname, ...event } = lines[0];
    assert.deepEqual(event, { level: 40, runId: 'r1', error: 'boom', msg: 'run failed' });
    assert.equal(pid, process.pid);
    assert.equal(typeof hostname, 'string');
    assert.match(time, /^\d{4}-\d\d-\d\dT/);
  });

  it('writes readable lines through pino-pretty when asked (as on a terminal)', () => {
    const out = collector();
    createLogger({ level: 'info', pretty: true, destination: out.stream }).info({ runId: 'r1' }, 'run claimed');
    const text = out.text();
    assert.match(text, /INFO/);
    assert.match(text, /run claimed/);
    assert.match(text, /runId: "r1"/);
    assert.throws(() => JSON.parse(text));
  });
});

describe('logging and metrics settings', () => {
  it('refuses a log level pino does not have, and a port out of range, naming the setting', () => {
    assert.throws(() => loadConfig({ RUNLEDGER_LOG_LEVEL: 'verbose' }), (err: Error) => err instanceof ConfigError && /RUNLEDGER_LOG_LEVEL must be one of fatal, error/.test(err.message));
    assert.throws(() => loadConfig({ RUNLEDGER_METRICS_PORT: '70000' }), (err: Error) => err instanceof ConfigError && /RUNLEDGER_METRICS_PORT must be a port number/.test(err.message));
    assert.throws(() => loadConfig({ RUNLEDGER_SHUTDOWN_TIMEOUT_MS: '-1' }), ConfigError);
    const config = loadConfig({ RUNLEDGER_LOG_LEVEL: 'WARN', RUNLEDGER_WORKER_METRICS_PORT: '9464', HOST: '127.0.0.1' });
    assert.equal(config.logLevel, 'warn');
    assert.deepEqual(config.metrics, { host: '127.0.0.1', servePort: undefined, workerPort: 9464 });
    assert.equal(config.shutdownTimeoutMs, 10_000);
  });
});
