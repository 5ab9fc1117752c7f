// `runledger backup <file>` and `runledger restore <file>`: the embedded store, its warehouses and project files.
// While a server holds the data directory, the backup goes through it (POST /admin/backup, as an admin);
// otherwise the command opens the store itself. PostgreSQL has its own tools (pg_dump, pg_restore).
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { resolveConnection } from '../client/config.js';
import { DataDirLockedError } from '../../data-dir.js';
import { AppError, Errors } from '../../domain/errors.js';
import { createDuckDbWarehouse } from '../../engine/warehouse.js';
import { openConfiguredStore } from '../../runtime.js';
import { saveBackupStream, writeBackupFile } from '../../services/backup/archive.js';
import { restoreBackup } from '../../services/backup/restore.js';

const ON_POSTGRES =
  'the store is PostgreSQL (DATABASE_URL): back it up with `pg_dump -Fc`, restore with `pg_restore`, and copy the data ' +
  "directory's warehouses/ and files/ with them (see the README)";

/** Backs up with the store opened here: no server holds the data directory. */
async function backupHere(config: Config, file: string): Promise<string> {
  if (!fs.existsSync(`${config.dataDir}/store`)) throw new ConfigError(`${config.dataDir} holds no embedded store: nothing to back up`);
  const store = await openConfiguredStore(config);
  try {
    const warehouse = createDuckDbWarehouse(config.dataDir, config.warehouseMemory, { queryTimeoutMs: config.query.timeoutMs });
    const manifest = await writeBackupFile({ dataDir: config.dataDir, warehouse, snapshotStore: () => store.snapshot!(), now: () => new Date() }, file);
    return `${manifest.warehouses.length} warehouses, ${manifest.files} files`;
  } finally {
    await store.close();
  }
}

/** Backs up through the server at `url`, which holds the data directory. */
async function backupThrough(url: string, headers: Record<string, string>, file: string): Promise<string> {
  const res = await fetch(new URL('/admin/backup', url), { method: 'POST', headers }).catch((err: Error) => {
    throw new AppError(Errors.notReady, `cannot reach the server at ${url}: ${err.cause instanceof Error ? err.cause.message : err.message}`);
  });
  if (!res.ok || !res.body) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    throw new AppError(Errors.conflict, `the server at ${url} refused the backup (${res.status}): ${problem.detail ?? res.statusText}`);
  }
  await saveBackupStream(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), file);
  return `through ${url}`;
}

export function registerBackup(program: Command): void {
  program
    .command('backup <file>')
    .description('back up the embedded store, its warehouses and project files to <file> (.tar.gz), whether or not a server is serving them')
    .option('--url <url>', 'take it through the server at this URL (env RUNLEDGER_URL), with an admin API key in RUNLEDGER_API_KEY')
    .action(async (file: string, opts: { url?: string }) => {
      const config = loadConfig();
      if (config.databaseUrl) throw new ConfigError(ON_POSTGRES);
      if (fs.existsSync(file)) throw new ConfigError(`${file} exists; a backup never replaces a file`);
      // Credentials as every client command finds them: RUNLEDGER_API_KEY or RUNLEDGER_TOKEN, else `runledger login`'s.
      const explicitUrl = opts.url ?? (process.env.RUNLEDGER_URL || undefined);
      let url = explicitUrl;
      if (!url) {
        try {
          console.log(`runledger: backed up ${config.dataDir} to ${file} (${await backupHere(config, file)})`);
          return;
        } catch (err) {
          if (!(err instanceof DataDirLockedError)) throw err;
          // The server holding the directory most likely listens where this configuration says.
          url = `http://127.0.0.1:${config.port}`;
        }
      }
      const connection = await resolveConnection(process.env, { url });
      if (connection.source === 'none') {
        throw new ConfigError(
          `${explicitUrl ? 'a backup through a server' : `${config.dataDir} is in use by a running server: a backup through it`} needs an admin's ` +
            `credentials: set RUNLEDGER_API_KEY to an admin API key, or run \`runledger login\`` +
            (explicitUrl ? '' : ` (and set RUNLEDGER_URL, if the server does not listen at ${url})`),
        );
      }
      console.log(`runledger: backed up to ${file} (${await backupThrough(connection.url, connection.headers, file)})`);
    });

  program
    .command('restore <file>')
    .description('restore a backup into an empty data directory (env RUNLEDGER_DATA_DIR), then serve it')
    .option('--data-dir <dir>', 'the data directory to create (env RUNLEDGER_DATA_DIR); it must not exist or be empty')
    .action(async (file: string, opts: { dataDir?: string }) => {
      const config = loadConfig({ ...process.env, ...(opts.dataDir ? { RUNLEDGER_DATA_DIR: opts.dataDir } : {}) });
      if (config.databaseUrl) throw new ConfigError(ON_POSTGRES);
      const manifest = await restoreBackup(file, config.dataDir);
      console.log(
        `runledger: restored the backup of ${manifest.created_at} (${manifest.warehouses.length} warehouses, ${manifest.files} files) ` +
          `into ${config.dataDir}; serve it with RUNLEDGER_DATA_DIR=${config.dataDir} runledger serve`,
      );
    });
}
