#!/usr/bin/env node
// runledger command line. Each command group lives in its own module under commands/.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../data-dir.js';
import { AppError } from '../domain/errors.js';
import { CLIENT_COMMANDS, registerClientCommands } from './commands/client.js';
import { packageVersion } from './version.js';

// Everything runledger writes (the embedded store, its key and password hashes, warehouses) is the
// operator's alone: files 0600, directories 0700.
process.umask(0o077);

const program = new Command().name('runledger').description('Model-run registry with provenance').version(packageVersion());
// Usage errors end with status 2 (below), told apart from a refusal or failure (1).
program.exitOverride();
// The server's commands load the whole server (seconds); a client command, or --version, needs none of it.
const first = process.argv[2];
if (!(first && (CLIENT_COMMANDS.has(first) || first === '--version' || first === '-V'))) {
  const [{ registerServe }, { registerWorker }, { registerStoreAdmin }, { registerBackup }] = await Promise.all([
    import('./commands/serve.js'),
    import('./commands/worker.js'),
    import('./commands/store-admin.js'),
    import('./commands/backup.js'),
  ]);
  registerServe(program);
  registerWorker(program);
  registerStoreAdmin(program);
  registerBackup(program);
}
registerClientCommands(program);

try {
  await program.parseAsync();
} catch (err) {
  // commander has already printed the usage error (or the help, or the version, which exit 0).
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  // An operator's mistake is one line, not a stack trace: a setting that cannot be used, or a second
  // process on a locked data directory (which exits at once, saying who holds it).
  if (!(err instanceof DataDirLockedError || err instanceof ConfigError || err instanceof AppError)) throw err;
  console.error(`runledger: ${err.message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
