// How a CSV row becomes a register_complete record. Either one column `record` holds the whole record as
// JSON (other columns are then ignored, free for notes), or each column is one field of the record:
//
//   workflow_template_id, display_name, description, model_version, study_id,
//   associations.modeller_id, associations.requesting_organisation_id   text
//   start_time, end_time      unix seconds, or an ISO 8601 date-time with an offset (2024-01-01T00:00:00Z)
//   inputs, outputs           JSON arrays of {dataset_template_id, dataset_id, dataset_type, resources?}
//   annotations               a JSON object; or one column per key, annotations.<key>
//
// An empty cell leaves its field out (inputs and outputs then default to []). A column of no known field
// stops the import before anything is sent.
import { CliError } from '../errors.js';

export type RowResult = { record: Record<string, unknown> } | { fault: { field: string; reason: string } };

const TEXT = new Set(['workflow_template_id', 'display_name', 'description', 'model_version', 'study_id']);
const ASSOCIATIONS = new Set(['associations.modeller_id', 'associations.requesting_organisation_id']);
const TIMES = new Set(['start_time', 'end_time']);
const JSON_ARRAYS = new Set(['inputs', 'outputs']);
const ANNOTATION_PREFIX = 'annotations.';

export const CSV_RECORD_COLUMN = 'record';

class CellFault extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Unix seconds from a cell: digits, or a date-time that says its offset (a bare one would depend on this machine's zone). */
function seconds(field: string, cell: string): number {
  if (/^\d+$/.test(cell)) return Number(cell);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(cell)) {
    throw new CellFault(field, `${field} must be unix seconds or an ISO 8601 date-time with an offset, not "${cell}"`);
  }
  const ms = Date.parse(cell.replace(' ', 'T'));
  if (Number.isNaN(ms)) throw new CellFault(field, `${field} is not a date-time: "${cell}"`);
  if (ms % 1000 !== 0) throw new CellFault(field, `${field} has fractions of a second; records hold whole seconds`);
  return ms / 1000;
}

function json(field: string, cell: string, shape: 'array' | 'object'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(cell);
  } catch (error) {
    throw new CellFault(field, `${field} is not JSON: ${(error as Error).message}`);
  }
  const ok = shape === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!ok) throw new CellFault(field, `${field} must be a JSON ${shape}`);
  return value;
}

function isKnownColumn(name: string): boolean {
  return TEXT.has(name) || ASSOCIATIONS.has(name) || TIMES.has(name) || JSON_ARRAYS.has(name) || name === 'annotations' ||
    (name.startsWith(ANNOTATION_PREFIX) && name.length > ANNOTATION_PREFIX.length);
}

/** Checks the header row; answers the function that reads each row after it. */
export function compileCsvHeader(headers: readonly string[]): (cells: readonly string[]) => RowResult {
  const names = headers.map((h) => h.trim());
  const repeated = names.find((n, i) => n !== '' && names.indexOf(n) !== i);
  if (repeated) throw new CliError(`the CSV header names column "${repeated}" twice`);
  const width = names.length;
  const recordColumn = names.indexOf(CSV_RECORD_COLUMN);
  if (recordColumn >= 0) {
    return (cells) => {
      if (cells.length !== width) return { fault: { field: '(row)', reason: `the row has ${cells.length} cells, the header ${width}` } };
      try {
        return { record: json(CSV_RECORD_COLUMN, cells[recordColumn] ?? '', 'object') as Record<string, unknown> };
      } catch (error) {
        return { fault: { field: CSV_RECORD_COLUMN, reason: (error as Error).message } };
      }
    };
  }
  const unknown = names.filter((n) => !isKnownColumn(n));
  if (unknown.length > 0) {
    throw new CliError(
      `the CSV has columns that are no field of a record: ${unknown.map((n) => `"${n}"`).join(', ')} ` +
        '(see "Importing many records" in the README, or put the whole record as JSON in a "record" column)',
    );
  }
  if (names.includes('annotations') && names.some((n) => n.startsWith(ANNOTATION_PREFIX))) {
    throw new CliError('the CSV has both an "annotations" column and "annotations.<key>" columns; use one or the other');
  }
  return (cells) => {
    if (cells.length !== width) return { fault: { field: '(row)', reason: `the row has ${cells.length} cells, the header ${width}` } };
    const record: Record<string, unknown> = { inputs: [], outputs: [] };
    const associations: Record<string, string> = {};
    const annotations: Record<string, string> = {};
    try {
      names.forEach((name, i) => {
        const cell = cells[i]!;
        if (cell === '') return;
        if (TEXT.has(name)) record[name] = cell;
        else if (ASSOCIATIONS.has(name)) associations[name.slice('associations.'.length)] = cell;
        else if (TIMES.has(name)) record[name] = seconds(name, cell.trim());
        else if (JSON_ARRAYS.has(name)) record[name] = json(name, cell, 'array');
        else if (name === 'annotations') record.annotations = json(name, cell, 'object');
        else annotations[name.slice(ANNOTATION_PREFIX.length)] = cell;
      });
    } catch (error) {
      if (!(error instanceof CellFault)) throw error;
      return { fault: { field: error.field, reason: error.message } };
    }
    record.associations = associations;
    if (Object.keys(annotations).length > 0) record.annotations = annotations;
    return { record };
  };
}
