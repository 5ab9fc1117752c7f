// CSV text as Provena reads and writes it: Python's csv module with the excel dialect. Reading is lenient
// as Python's is (a stray quote inside a field is kept, \r\n, \n and \r all end a row, blank lines are
// skipped); writing is csv.writer's: CRLF after every row, fields quoted only when they must be.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { Errors, fail } from '../errors.js';
import { duplicatesOf, pythonList } from './headers.js';

export interface CsvTable {
  headers: string[];
  /** Data rows, blank lines left out. A row may have more or fewer cells than there are headers. */
  rows: string[][];
}

function parseFault(exception: string): never {
  fail(Errors.recordInvalid, `An error occurred while parsing the uploaded csv file - are you sure it is valid? Exception: ${exception}.`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The uploaded file's header row and data rows; a 400 in Provena's words when it is not such a file. */
export function readCsvTable(bytes: Uint8Array): CsvTable {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    parseFault("'utf-8' codec can't decode the file: it is not valid UTF-8");
  }
  let records: string[][];
  try {
    records = parse(text, {
      // A byte order mark (Excel writes one) is not part of the first header.
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as string[][];
  } catch (error) {
    parseFault(error instanceof Error ? error.message : String(error));
  }
  const [headers, ...rows] = records;
  if (!headers) parseFault('the file has no header row');
  const duplicates = duplicatesOf(headers);
  if (duplicates.length > 0) parseFault(`Duplicate headers are not allowed. Detected duplicates: ${pythonList(duplicates)}.`);
  return { headers, rows };
}

/** Rows as Python's csv.writer writes them. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  // csv-stringify quotes a field holding the whole record delimiter; Python quotes a lone \r or \n too.
  return stringify(rows as string[][], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
