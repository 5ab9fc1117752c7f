// `runledger serve`: the HTTP API, the web UI and (on one machine) the worker.
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../observability/logger.js';
import { startServer } from '../../server.js';
import { closeOnSignals } from '../shutdown.js';

export function registerServe(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('serve the HTTP API')
    .option('-p, --port <port>', 'port to listen on (env PORT)')
    .option('--data-dir <dir>', 'embedded store and files (env RUNLEDGER_DATA_DIR)')
    .action(async (opts: { port?: string; dataDir?: string }) => {
      const config = loadConfig({
        ...process.env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.dataDir ? { RUNLEDGER_DATA_DIR: opts.dataDir } : {}),
      });
      const log = createLogger({ level: config.logLevel });
      const starting = startServer(config, { logger: log });
      // Listening before the server is up: a signal during start (migrations, the first listen) waits for it, then stops it.
      closeOnSignals(
        { close: async () => (await starting).close(), interrupt: () => void starting.then((server) => server.interrupt(), () => undefined) },
        config.shutdownTimeoutMs,
        log,
      );
      const server = await starting;
      if (server.generatedAdminPassword) {
        // Printed once: the store keeps only its hash.
        console.log(`\nrunledger: created user "admin" with password: ${server.generatedAdminPassword}\n` +
          'Set RUNLEDGER_ADMIN_PASSWORD before the first start to choose it instead.\n');
      }
    });
}
