// `runledger worker`: executes triggered runs, beside any number of `serve` processes on one PostgreSQL.
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createWorker, openRuntime } from '../../runtime.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('execute triggered runs (needs DATABASE_URL: workers coordinate through PostgreSQL)')
    .option('-c, --concurrency <n>', 'runs to execute at once in this process', '1')
    .action(async (opts: { concurrency: string }) => {
      const config = loadConfig();
      if (!config.databaseUrl) {
        console.error('runledger worker needs DATABASE_URL; on the embedded store, `serve` runs the worker itself.');
        process.exit(2);
      }
      const runtime = await openRuntime(config);
      const log = (message: string, fields?: Record<string, unknown>) => console.log(JSON.stringify({ time: new Date().toISOString(), message, ...fields }));
      const workers = Array.from({ length: Math.max(1, Number(opts.concurrency) || 1) }, () => createWorker(config, runtime, 'worker', log));
      workers.forEach((w) => w.start());
      log('workers started', { count: workers.length });
      const stop = async () => {
        await Promise.all(workers.map((w) => w.stop()));
        await runtime.store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
