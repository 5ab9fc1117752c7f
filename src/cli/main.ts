#!/usr/bin/env node
// runledger command line. Each command group lives in its own module under commands/.
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../data-dir.js';
import { AppError } from '../domain/errors.js';
import { registerBackup } from './commands/backup.js';
import { registerServe } from './commands/serve.js';
import { registerStoreAdmin } from './commands/store-admin.js';
import { registerWorker } from './commands/worker.js';

// Everything runledger writes (the embedded store, its key and password hashes, warehouses) is the
// operator's alone: files 0600, directories 0700.
process.umask(0o077);

const program = new Command().name('runledger').description('Model-run registry with provenance');
registerServe(program);
registerWorker(program);
registerStoreAdmin(program);
registerBackup(program);

try {
  await program.parseAsync();
} catch (err) {
  // An operator's mistake is one line, not a stack trace: a setting that cannot be used, or a second
  // process on a locked data directory (which exits at once, saying who holds it).
  if (!(err instanceof DataDirLockedError || err instanceof ConfigError || err instanceof AppError)) throw err;
  console.error(`runledger: ${err.message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
