// Where an import stands, kept in the config directory: one file per (input file content, server), written
// after each batch whose answer came back, and only once every row before it is done. A rerun reads it and
// starts after the last row it covers.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface Checkpoint {
  version: 1;
  file: string;
  /** SHA-256 of the input file: an edited file is a new import. */
  sha256: string;
  url: string;
  /** Rows handled, in file order: every row before this one is lodged, was lodged before, or is in the report. */
  next_row: number;
  /** The report's length once those rows were written to it; a resumed import cuts it back to this. */
  report_bytes: number;
  lodged: number;
  existing: number;
  refused: number;
  complete: boolean;
  updated_at: string;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function checkpointFile(configDir: string, sha256: string, url: string): string {
  const id = createHash('sha256').update(`${sha256}\n${url}`).digest('hex').slice(0, 32);
  return path.join(configDir, 'imports', `${id}.json`);
}

export async function readCheckpoint(file: string): Promise<Checkpoint | undefined> {
  try {
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as Checkpoint;
    return value.version === 1 && Number.isInteger(value.next_row) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole under a temporary name and renamed: a kill mid-write leaves the previous checkpoint. */
export async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(temporary, file);
}
