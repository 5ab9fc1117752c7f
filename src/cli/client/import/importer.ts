// `runledger import`: rows of a file lodged through POST /model-runs/batch, several batches in flight, with a
// checkpoint after each batch whose rows (and all rows before them) are done, and refused rows reported.
//
// Why a resumed or repeated import lodges nothing twice: rows before the checkpoint are never sent again; rows
// after it may have been lodged by a batch whose answer was lost or whose checkpoint was never written (the
// process killed in between), and they are sent again with the same idempotency key, which the server
// committed in the same transaction as the run it made, so it answers `existing` with that run. The key is the
// SHA-256 of the record's canonical JSON and how many identical rows came before it in the file: the same row
// of the same file has the same key on every run, and two identical rows are two runs.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { canonicalJson } from '../../../domain/gentrace.js';
import { ApiError, type ApiClient } from '../api.js';
import { CliError } from '../errors.js';
import { checkpointFile, readCheckpoint, sha256File, writeCheckpoint, type Checkpoint } from './checkpoint.js';
import { Progress } from './progress.js';
import { openRows, type ImportFormat, type Row } from './rows.js';
import { sendBatch, type Answer, type Outgoing } from './send-batch.js';

/** Kept well under the server's default body limit (8 MiB). */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export interface ImportOptions {
  client: ApiClient;
  file: string;
  format: ImportFormat;
  batchSize: number;
  concurrency: number;
  reportFile: string;
  configDir: string;
  restart: boolean;
  tty: boolean;
}

export interface ImportSummary {
  file: string;
  report: string | null;
  /** Rows of the file handled so far (a resumed import counts those of earlier runs too), and of those, how many before this run. */
  rows: number;
  resumed_after: number;
  /** Totals over the rows handled. */
  lodged: number;
  existing: number;
  refused: number;
  seconds: number;
  records_per_second: number;
  /** Stopped by a signal before the end: run the same command again to go on. */
  interrupted: boolean;
  /** The file was imported into this server before, and nothing was sent. */
  already_imported: boolean;
}

interface Pending {
  seq: number;
  /** Rows of the file this batch covers, in order, those refused before sending included. */
  rows: { line: number; fault?: { field: string; reason: string }; record?: Record<string, unknown> }[];
  outgoing: Outgoing[];
  bytes: number;
  endRow: number;
}

function keyFor(record: Record<string, unknown>, seen: Map<string, number>): string {
  const hash = createHash('sha256').update(canonicalJson(record)).digest('hex');
  const occurrence = seen.get(hash) ?? 0;
  seen.set(hash, occurrence + 1);
  return `${hash}:${occurrence}`;
}

export async function importFile(options: ImportOptions, signals: { stopping: () => boolean }): Promise<ImportSummary> {
  const { client } = options;
  const { size } = await fs.stat(options.file).catch(() => {
    throw new CliError(`cannot read ${options.file}: no such file`);
  });
  const sha256 = await sha256File(options.file);
  const cpFile = checkpointFile(options.configDir, sha256, client.url);
  const previous = options.restart ? undefined : await readCheckpoint(cpFile);
  const base = { file: options.file, resumed_after: previous?.next_row ?? 0, interrupted: false };
  if (previous?.complete) {
    const { lodged, existing, refused } = previous;
    return { ...base, report: refused > 0 ? options.reportFile : null, rows: previous.next_row, lodged, existing, refused, seconds: 0, records_per_second: 0, already_imported: true };
  }

  // The report holds exactly the refused rows before the checkpoint; anything after is written again.
  const state: Checkpoint = previous ?? {
    version: 1, file: options.file, sha256, url: client.url, next_row: 0, report_bytes: 0, lodged: 0, existing: 0, refused: 0, complete: false, updated_at: '',
  };
  if (state.report_bytes === 0) await fs.rm(options.reportFile, { force: true });
  else {
    await fs.truncate(options.reportFile, state.report_bytes).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      process.stderr.write(`runledger: ${options.reportFile} is gone; the rows refused before row ${state.next_row} are not in the new one\n`);
      state.report_bytes = 0;
    });
  }

  const source = openRows(options.file, options.format);
  const progress = new Progress(options.tty);
  let handled = 0;
  let startBytes = -1;
  const show = (force = false) => progress.update({ rows: handled, bytesRead: source.bytesRead(), totalBytes: size, startBytes: Math.max(0, startBytes) }, force);

  // Batches finish in any order; their rows are accounted for, and the checkpoint moved, in file order.
  const finished = new Map<number, { batch: Pending; answers: Answer[] }>();
  let nextToFlush = 0;
  let flushing: Promise<void> = Promise.resolve();
  const flush = async () => {
    for (let done = finished.get(nextToFlush); done; done = finished.get(nextToFlush)) {
      finished.delete(nextToFlush++);
      let answerIndex = 0;
      const lines: string[] = [];
      for (const row of done.batch.rows) {
        if (row.fault) {
          lines.push(JSON.stringify({ line: row.line, field: row.fault.field, reason: row.fault.reason }));
          state.refused++;
          continue;
        }
        const answer = done.answers[answerIndex++]!;
        if (answer.status === 'refused') {
          const { detail, ...rest } = answer.error;
          lines.push(JSON.stringify({ line: row.line, ...rest, reason: detail, record: row.record }));
          state.refused++;
        } else state[answer.status]++;
      }
      handled += done.batch.rows.length;
      if (lines.length > 0) {
        const text = `${lines.join('\n')}\n`;
        await fs.appendFile(options.reportFile, text, { mode: 0o600 });
        state.report_bytes += Buffer.byteLength(text);
      }
      state.next_row = done.batch.endRow;
      state.updated_at = new Date().toISOString();
      await writeCheckpoint(cpFile, state);
      show();
    }
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  /** The file itself cannot be read on (a bad header, broken CSV quoting): no rerun gets further without a fix. */
  let unreadable: CliError | undefined;
  const launch = async (batch: Pending) => {
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    // Stopped while waiting for room: this batch is left for the next run.
    if (failure || signals.stopping()) return;
    const task = (async () => {
      try {
        const answers = batch.outgoing.length > 0 ? await sendBatch(client, batch.outgoing) : [];
        finished.set(batch.seq, { batch, answers });
        flushing = flushing.then(flush);
        await flushing;
      } catch (error) {
        failure ??= error;
      }
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  const seen = new Map<string, number>();
  let seq = 0;
  let rowIndex = 0;
  const fresh = (): Pending => ({ seq: seq++, rows: [], outgoing: [], bytes: 0, endRow: rowIndex });
  let batch = fresh();
  try {
    for await (const row of source.rows as AsyncIterable<Row>) {
      const key = 'record' in row ? keyFor(row.record, seen) : undefined;
      if (rowIndex++ < state.next_row) continue;
      if (startBytes < 0) startBytes = source.bytesRead();
      if (failure || signals.stopping()) break;
      if ('fault' in row) batch.rows.push({ line: row.line, fault: row.fault });
      else {
        const bytes = JSON.stringify(row.record).length + key!.length + 24;
        if (batch.outgoing.length > 0 && batch.bytes + bytes > MAX_BATCH_BYTES) {
          await launch(batch);
          batch = fresh();
        }
        batch.rows.push({ line: row.line, record: row.record });
        batch.outgoing.push({ key: key!, record: row.record });
        batch.bytes += bytes;
      }
      batch.endRow = rowIndex;
      if (batch.outgoing.length >= options.batchSize) {
        await launch(batch);
        batch = fresh();
      }
      show();
    }
    if (!failure && !signals.stopping() && batch.rows.length > 0) await launch(batch);
  } catch (error) {
    if (error instanceof CliError && !(error instanceof ApiError)) unreadable = error;
    failure ??= error;
  }
  await Promise.allSettled([...inFlight]);
  await flushing;
  if (!failure) show(true);
  progress.done();

  const interrupted = !failure && signals.stopping();
  if (unreadable) {
    throw new CliError(state.next_row > 0 ? `${unreadable.message} (the ${state.next_row} rows before it are done)` : unreadable.message);
  }
  if (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new CliError(`${reason}\nthe import stopped after ${state.next_row} rows of ${options.file}; run the same command again to go on from there`);
  }
  if (!interrupted) {
    state.complete = true;
    await writeCheckpoint(cpFile, state);
  }
  const { lodged, existing, refused } = state;
  return {
    ...base,
    report: refused > 0 ? options.reportFile : null,
    rows: state.next_row,
    lodged,
    existing,
    refused,
    seconds: progress.seconds,
    records_per_second: progress.seconds > 0 ? handled / progress.seconds : 0,
    interrupted,
    already_imported: false,
  };
}
