#!/usr/bin/env node
// runledger command line: `serve` (default) runs the API; `worker` executes triggered runs; `migrate` brings the
// store's schema up to date; `admin reset-password` lets a locked-out operator back in.
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { AppError } from '../domain/errors.js';
import { setPassword } from '../services/auth/accounts.js';
import { DataDirLockedError } from '../data-dir.js';
import { createWorker, openConfiguredStore, openRuntime } from '../runtime.js';
import { startServer } from '../server.js';
import { migrateToLatest } from '../store/migrate.js';

// Everything runledger writes (the embedded store, its key and password hashes, warehouses) is the
// operator's alone: files 0600, directories 0700.
process.umask(0o077);

const program = new Command().name('runledger').description('Model-run registry with provenance');

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
    const server = await startServer(config);
    if (server.generatedAdminPassword) {
      // Printed once: the store keeps only its hash.
      console.log(`\nrunledger: created user "admin" with password: ${server.generatedAdminPassword}\n` +
        'Set RUNLEDGER_ADMIN_PASSWORD before the first start to choose it instead.\n');
    }
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

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

program
  .command('migrate')
  .description('apply pending migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const store = await openConfiguredStore(config);
    const applied = await migrateToLatest(store.db, store.schema);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    await store.close();
  });

const admin = program.command('admin').description('operator tasks on the store (on the embedded store, stop the server first)');

admin
  .command('reset-password <username>')
  .description("set a user's password on the store of RUNLEDGER_DATA_DIR or DATABASE_URL, for an operator locked out")
  .option('--password-stdin', 'read the new password (12 characters or more) from the first line of standard input')
  .action(async (username: string, opts: { passwordStdin?: boolean }) => {
    const config = loadConfig();
    const password = opts.passwordStdin ? firstLine(await readStdin()) : randomBytes(18).toString('base64url');
    if (password.length < 12) throw new ConfigError('the new password must have at least 12 characters');
    const runtime = await openRuntime(config);
    try {
      await setPassword(runtime.ctx, username, password);
    } finally {
      await runtime.store.close();
    }
    console.log(opts.passwordStdin ? `runledger: the password of "${username}" is set` : `runledger: the password of "${username}" is now: ${password}`);
  });

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

const firstLine = (text: string) => text.split(/\r?\n/)[0] ?? '';

try {
  await program.parseAsync();
} catch (err) {
  // An operator's mistake is one line, not a stack trace: a setting that cannot be used, or a second
  // process on a locked data directory (which exits at once, saying who holds it).
  if (!(err instanceof DataDirLockedError || err instanceof ConfigError || err instanceof AppError)) throw err;
  console.error(`runledger: ${err.message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
