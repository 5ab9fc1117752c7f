// Restores a backup (archive.ts) into a data directory that holds nothing yet: never over a store, whose
// runs and lineage it would silently replace or mix with.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { extract } from 'tar';
import { AppError, Errors } from '../../domain/errors.js';
import { restoreEmbeddedStore } from '../../store/embedded-restore.js';
import { BACKUP_FORMAT, BACKUP_VERSION, MANIFEST_ENTRY, STORE_ENTRY, type BackupManifest } from './snapshot.js';

/** What a backup may hold; anything else in the archive is not extracted. */
function isBackupEntry(entry: string): boolean {
  const name = entry.replace(/^\.\//, '');
  return name === MANIFEST_ENTRY || name === STORE_ENTRY || /^(warehouses|files)(\/|$)/.test(name);
}

async function entriesOf(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
}

function refuse(detail: string): never {
  throw new AppError(Errors.conflict, detail);
}

async function readManifest(dir: string, archive: string): Promise<BackupManifest> {
  const text = await fs.readFile(path.join(dir, MANIFEST_ENTRY), 'utf8').catch(() => undefined);
  const manifest = text === undefined ? undefined : (JSON.parse(text) as Partial<BackupManifest>);
  if (manifest?.format !== BACKUP_FORMAT) refuse(`${archive} is not a runledger backup (it has no ${MANIFEST_ENTRY})`);
  if (manifest.version !== BACKUP_VERSION) refuse(`${archive} is a backup of format version ${manifest.version}; this runledger reads version ${BACKUP_VERSION}`);
  return manifest as BackupManifest;
}

/**
 * Unpacks `archive` beside `dataDir`, puts the store back, checks it opens, and only then moves the whole into
 * place: a restore that fails leaves no half-restored data directory behind.
 */
export async function restoreBackup(archive: string, dataDir: string): Promise<BackupManifest> {
  const present = await entriesOf(dataDir);
  if (present.length > 0) {
    refuse(
      `restore writes into an empty data directory only, and ${dataDir} holds ${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}; ` +
        'choose a new RUNLEDGER_DATA_DIR (or --data-dir), or move this one aside',
    );
  }
  await fs.access(archive).catch(() => refuse(`there is no backup file at ${archive}`));
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const staging = `${dataDir}.restoring-${randomBytes(4).toString('hex')}`;
  await fs.mkdir(staging, { mode: 0o700 });
  try {
    try {
      // Regular files and folders only, never above the folder (tar refuses `..` and absolute paths by default).
      await extract({
        file: archive,
        cwd: staging,
        strict: true,
        filter: (entry, stat) => isBackupEntry(entry) && 'type' in stat && (stat.type === 'File' || stat.type === 'Directory'),
      });
    } catch (err) {
      refuse(`${archive} cannot be read as a runledger backup: ${(err as Error).message}`);
    }
    const manifest = await readManifest(staging, archive);
    const store = await fs.readFile(path.join(staging, STORE_ENTRY)).catch(() => refuse(`${archive} has no ${STORE_ENTRY}`));
    await restoreEmbeddedStore(path.join(staging, 'store'), new Blob([store])).catch((err: Error) =>
      // e.g. a backup of a store of another PostgreSQL major version than this runledger's PGlite
      refuse(`the store in ${archive} does not open: ${err.message}`),
    );
    await Promise.all([MANIFEST_ENTRY, STORE_ENTRY].map((entry) => fs.rm(path.join(staging, entry))));
    // rmdir, not rm: it fails rather than deletes if something appeared in the directory meanwhile.
    await fs.rmdir(dataDir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await fs.rename(staging, dataDir);
    return manifest;
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  }
}
