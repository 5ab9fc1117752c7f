// `runledger worker`: executes triggered runs, beside any number of `serve` processes on one PostgreSQL.
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.js';
import { createLogger } from '../../observability/logger.js';
import { serveMetrics } from '../../observability/metrics-server.js';
import { Metrics } from '../../observability/metrics.js';
import { createWorker, openRuntime } from '../../runtime.js';
import { closeOnSignals } from '../shutdown.js';

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
      const runtime = await openRuntime(config, { log });
      const metrics = new Metrics({ db: runtime.store.db, poolUsage: () => runtime.store.poolUsage(), log });
      const workers = Array.from({ length: concurrency }, () => createWorker(config, runtime, 'worker', { log, metrics }));
      const { host, workerPort } = config.metrics;
      const metricsServer = workerPort === undefined ? undefined : await serveMetrics(metrics, host, workerPort, log);
      workers.forEach((w) => w.start());
      log.info({ count: workers.length }, 'workers started');
      closeOnSignals(
        {
          close: async () => {
            await Promise.all([...workers.map((w) => w.stop()), metricsServer?.close()]);
            await runtime.store.close();
          },
          interrupt: () => workers.forEach((w) => w.interrupt()),
        },
        config.shutdownTimeoutMs,
        log,
      );
    });
}
