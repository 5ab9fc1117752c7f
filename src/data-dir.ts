// The data directory holds the embedded store (password hashes, the token signing key), warehouses and
// files: it is the operator's alone, and one process at a time may own it when it holds the embedded store.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** What runledger itself writes in the data directory; the rest (files a model reads) is the operator's. */
const OWN_ENTRIES = [/^store$/, /^warehouses$/, /^runledger\.lock(\.wal)?$/];

export interface SecuredDataDir {
  /** Entries that others could read and were made private. */
  fixed: number;
  /** Entries that could not be made private, with why (e.g. on a read-only mount). */
  failed: string[];
}

/**
 * Creates the directory private to its owner, and makes private what runledger keeps in it that an earlier
 * version or a loose umask left readable by others. Only its own entries are walked: a data directory set
 * to a folder holding other things (a home directory) keeps those as they are, behind the 0700 folder.
 */
export async function secureDataDir(dataDir: string): Promise<SecuredDataDir> {
  await fs.mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const result: SecuredDataDir = { fixed: 0, failed: [] };
  const tighten = async (entry: string, isDir: boolean) => {
    try {
      const { mode } = await fs.lstat(entry);
      if ((mode & 0o077) === 0) return;
      await fs.chmod(entry, isDir ? PRIVATE_DIR : PRIVATE_FILE);
      result.fixed++;
    } catch (err) {
      result.failed.push(`${entry}: ${(err as Error).message}`);
    }
  };
  await tighten(dataDir, true);
  for (const top of await fs.readdir(dataDir, { withFileTypes: true })) {
    if (top.isSymbolicLink() || !OWN_ENTRIES.some((own) => own.test(top.name))) continue;
    const topPath = path.join(dataDir, top.name);
    await tighten(topPath, top.isDirectory());
    if (!top.isDirectory()) continue;
    for (const entry of await fs.readdir(topPath, { recursive: true, withFileTypes: true })) {
      if (!entry.isSymbolicLink()) await tighten(path.join(entry.parentPath, entry.name), entry.isDirectory());
    }
  }
  return result;
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder: string) {
    super(
      `the data directory ${dataDir} is in use by another runledger process (${holder}); ` +
        'stop that process first, or give this one its own RUNLEDGER_DATA_DIR',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/** Directories locked by this process: an OS file lock is per process, so it cannot see these itself. */
const lockedHere = new Set<string>();

/**
 * Takes an exclusive OS lock (fcntl) on `<dataDir>/runledger.lock` for as long as the process holds it; the
 * kernel drops it when the process dies, however it dies, so a crash never leaves a stale lock. Node has no
 * file-lock API, and DuckDB, which we ship anyway, takes exactly this lock on a database file it opens for
 * writing and names the holder's pid when it cannot; the lock file is such a (tiny, empty) database.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = path.join(path.resolve(dataDir), 'runledger.lock');
  if (lockedHere.has(file)) throw new DataDirLockedError(dataDir, `pid ${process.pid}, this process`);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { threads: '1', memory_limit: '8MB' });
  } catch (err) {
    const message = (err as Error).message;
    const pid = /\(PID (\d+)\)/.exec(message)?.[1];
    if (pid || /lock/i.test(message)) throw new DataDirLockedError(dataDir, pid ? `pid ${pid}` : message);
    throw err;
  }
  lockedHere.add(file);
  return {
    release: async () => {
      instance.closeSync();
      lockedHere.delete(file);
    },
  };
}
