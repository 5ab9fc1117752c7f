// A backup as one file: the staged entries (snapshot.ts) in a gzip-compressed tar, streamed as it is packed.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { create as createTar } from 'tar';
import { stageBackup, type BackupManifest, type BackupSource } from './snapshot.js';

export interface BackupStream {
  manifest: BackupManifest;
  /** The archive's bytes (.tar.gz); the staging folder goes once it has been read to the end, or dropped. */
  stream: Readable;
}

/** Stages a backup and streams it; the warehouses are held only while staging, not while the stream is read. */
export async function streamBackup(source: BackupSource): Promise<BackupStream> {
  const staged = await stageBackup(source);
  let stream: Readable;
  try {
    // portable: no owner names or ids, which mean nothing where the backup is restored.
    stream = Readable.from(createTar({ gzip: true, cwd: staged.dir, portable: true }, staged.entries));
  } catch (err) {
    await staged.discard();
    throw err;
  }
  void finished(stream).catch(() => undefined).finally(() => staged.discard());
  return { manifest: staged.manifest, stream };
}

/**
 * Writes a backup to `file`, which must not exist: under a temporary name first, renamed when whole, so a
 * failed backup never leaves a file that looks like one.
 */
export async function writeBackupFile(source: BackupSource, file: string): Promise<BackupManifest> {
  const partial = `${file}.partial`;
  const { manifest, stream } = await streamBackup(source);
  try {
    await pipeline(stream, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await fs.link(partial, file); // fails, rather than replaces, when `file` appeared meanwhile
  } finally {
    await fs.rm(partial, { force: true });
  }
  return manifest;
}

/** Copies a backup read from `source` (an HTTP body) to `file` the same way. */
export async function saveBackupStream(source: AsyncIterable<Uint8Array>, file: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.from(source), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await fs.link(partial, file);
  } finally {
    await fs.rm(partial, { force: true });
  }
}
