// Commands an operator runs on the store itself: `migrate`, and `admin reset-password` for one locked out.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.js';
import { openConfiguredStore, openRuntime } from '../../runtime.js';
import { setPassword } from '../../services/auth/accounts.js';
import { migrateToLatest } from '../../store/migrate.js';
import { firstLine, readStdin } from '../stdin.js';

export function registerStoreAdmin(program: Command): void {
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
}
