// `runledger worker`: executes triggered runs, beside any number of `serve` processes on one PostgreSQL.
import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { createLogger, type Logger } from '../../observability/logger.js';
import { serveMetrics } from '../../observability/metrics-server.js';
import { Metrics } from '../../observability/metrics.js';
import { createWorker, openRuntime } from '../../runtime.js';
import { closeOnSignals, type Stoppable } from '../shutdown.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('execute triggered runs (needs DATABASE_URL: workers coordinate through PostgreSQL)')
    .option('-c, --concurrency <n>', 'runs to execute at once in this process', '1')
    .option('--metrics-port <port>', 'serve GET /metrics on this port, without credentials (env RUNLEDGER_WORKER_METRICS_PORT)')
    .action(async (opts: { concurrency: string; metricsPort?: string }) => {
      const config = loadConfig({ ...process.env, ...(opts.metricsPort ? { RUNLEDGER_WORKER_METRICS_PORT: opts.metricsPort } : {}) });
      if (!config.databaseUrl) {
        console.error('runledger worker needs DATABASE_URL; on the embedded store, `serve` runs the worker itself.');
        process.exit(2);
      }
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError(`--concurrency must be an integer of at least 1, got "${opts.concurrency}"`);
      const log = createLogger({ level: config.logLevel });
      const starting = startWorkers(config, concurrency, log);
      // Listening before the workers are up: a signal during start waits for it, then stops them.
      closeOnSignals(
        { close: async () => (await starting).close(), interrupt: () => void starting.then((w) => w.interrupt(), () => undefined) },
        config.shutdownTimeoutMs,
        log,
      );
      await starting;
    });
}

/** The store, `concurrency` workers sharing it, and the metrics listener if one is configured, started. */
async function startWorkers(config: Config, concurrency: number, log: Logger): Promise<Stoppable> {
  const runtime = await openRuntime(config, { log });
  const metrics = new Metrics({ db: runtime.store.db, poolUsage: () => runtime.store.poolUsage(), log });
  const workers = Array.from({ length: concurrency }, () => createWorker(config, runtime, 'worker', { log, metrics }));
  const { host, workerPort } = config.metrics;
  const metricsServer = workerPort === undefined ? undefined : await serveMetrics(metrics, host, workerPort, log);
  workers.forEach((w) => w.start());
  log.info({ count: workers.length }, 'workers started');
  return {
    close: async () => {
      await Promise.all([...workers.map((w) => w.stop()), metricsServer?.close()]);
      await runtime.store.close();
    },
    interrupt: () => workers.forEach((w) => w.interrupt()),
  };
}
