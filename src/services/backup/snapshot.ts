// A backup of the embedded store's data directory, taken while it serves: what runledger keeps there, as of
// one moment, staged beside it, then packed (archive.ts). What a backup holds:
//   runledger-backup.json  the manifest (format, when, what)
//   store.tar              the embedded store (PGlite's files: users, key hashes, the token signing key, runs, lineage)
//   warehouses/            each project's DuckDB file
//   files/                 the project files models read
// runledger.lock is not taken (it is a lock), nor anything else an operator keeps in the directory.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Warehouse } from '../../engine/warehouse.js';

export const MANIFEST_ENTRY = 'runledger-backup.json';
export const STORE_ENTRY = 'store.tar';
export const BACKUP_FORMAT = 'runledger-backup';
export const BACKUP_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  created_at: string;
  store: 'embedded';
  warehouses: string[];
  files: number;
}

export interface BackupSource {
  dataDir: string;
  warehouse: Warehouse;
  /** The store's files, consistent (Store.snapshot). */
  snapshotStore: () => Promise<Blob>;
  now: () => Date;
}

export interface StagedBackup {
  /** A folder holding the backup's entries, removed by `discard`. */
  dir: string;
  entries: string[];
  manifest: BackupManifest;
  discard(): Promise<void>;
}

const STAGING_PREFIX = '.backup-';

/** Staging folders whose backup's process is gone (it died mid-way): theirs to remove, as nobody else will. */
async function removeAbandoned(dataDir: string): Promise<void> {
  for (const name of await fs.readdir(dataDir).catch(() => [])) {
    const pid = Number(/^\.backup-(\d+)-/.exec(name)?.[1]);
    if (!pid) continue;
    const alive = (() => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    })();
    if (!alive) await fs.rm(path.join(dataDir, name), { recursive: true, force: true });
  }
}

/**
 * The project files as they are now, as hard links: instant, no space, and whole, since an upload replaces a
 * file by renaming a new one over it, which leaves a link to the old one intact. Symbolic links and uploads
 * in progress are left out. Returns how many files.
 */
async function linkFiles(from: string, to: string): Promise<number> {
  let count = 0;
  const entries = await fs.readdir(from, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.upload-')) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.link(source, target).catch(async (err: NodeJS.ErrnoException) => {
      // Another filesystem under files/ (a mount): a copy instead.
      if (err.code !== 'EXDEV' && err.code !== 'EPERM') throw err;
      await fs.copyFile(source, target);
    });
    count++;
  }
  return count;
}

/**
 * Stages a backup in a folder of the data directory (same filesystem: links and copies are cheap). The
 * warehouses are held for the moment it takes (runs wait to open theirs, queries are refused), so the store
 * snapshot, the warehouse copies and the files are of one moment: no run is half-written in a warehouse.
 */
export async function stageBackup(source: BackupSource): Promise<StagedBackup> {
  await removeAbandoned(source.dataDir);
  const dir = path.join(source.dataDir, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(path.join(dir, 'warehouses'), { recursive: true, mode: 0o700 });
  const discard = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const projects = await source.warehouse.projects();
    const releases: (() => void)[] = [];
    let files: number;
    try {
      // One at a time, in name order; a run holds one warehouse at a time, so this waits for each run at most once.
      for (const project of projects) releases.push(await source.warehouse.hold(project));
      const store = await source.snapshotStore();
      await fs.writeFile(path.join(dir, STORE_ENTRY), new Uint8Array(await store.arrayBuffer()));
      for (const project of projects) {
        const file = source.warehouse.fileOf(project);
        // A copy, not a link: DuckDB writes its file in place. FICLONE makes it a reflink where the filesystem can.
        await fs.copyFile(file, path.join(dir, 'warehouses', path.basename(file)), fs.constants.COPYFILE_FICLONE);
      }
      files = await linkFiles(path.join(source.dataDir, 'files'), path.join(dir, 'files'));
    } finally {
      for (const release of releases) release();
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: source.now().toISOString(),
      store: 'embedded',
      warehouses: projects,
      files,
    };
    await fs.writeFile(path.join(dir, MANIFEST_ENTRY), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = [MANIFEST_ENTRY, STORE_ENTRY, 'warehouses', ...(files > 0 ? ['files'] : [])];
    return { dir, entries, manifest, discard };
  } catch (err) {
    await discard();
    throw err;
  }
}
