// The rows of an import file, one at a time, each with the line it starts on: JSON Lines (one record per
// non-blank line) or CSV (a header row, then one record per row; see csv-record.ts).
import { createReadStream, type ReadStream } from 'node:fs';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { CliError } from '../errors.js';
import { compileCsvHeader, type RowResult } from './csv-record.js';

export type ImportFormat = 'csv' | 'jsonl';

export type Row = { line: number } & RowResult;

export function formatOf(file: string, flag: string | undefined): ImportFormat {
  if (flag === 'csv' || flag === 'jsonl') return flag;
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  throw new CliError(`cannot tell the format of ${file} from its name: give --format csv or --format jsonl`, 2);
}

export interface RowSource {
  rows: AsyncGenerator<Row>;
  /** Bytes of the file read so far, for the progress display. */
  bytesRead(): number;
}

async function* jsonlRows(stream: ReadStream): AsyncGenerator<Row> {
  let line = 0;
  for await (const text of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line, fault: { field: '(line)', reason: 'the line is not a JSON object' } };
      else yield { line, record: value as Record<string, unknown> };
    } catch (error) {
      yield { line, fault: { field: '(line)', reason: `the line is not JSON: ${(error as Error).message}` } };
    }
  }
}

async function* csvRows(stream: ReadStream): AsyncGenerator<Row> {
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, raw: true }));
  let read: ((cells: readonly string[]) => RowResult) | undefined;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      if (!read) {
        read = compileCsvHeader(record);
        continue;
      }
      // info.lines is where the record ends; a quoted cell may span lines, and raw holds blank lines skipped before it.
      const line = info.lines - (raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
      yield { line, ...read(record) };
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`the CSV cannot be read past here: ${(error as Error).message}`);
  }
  if (!read) throw new CliError('the CSV has no header row');
}

export function openRows(file: string, format: ImportFormat): RowSource {
  const stream = createReadStream(file);
  return { rows: format === 'csv' ? csvRows(stream) : jsonlRows(stream), bytesRead: () => stream.bytesRead };
}
