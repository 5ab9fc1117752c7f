// Rows of a filled-in CSV template to ModelRunRecords, as Provena's convert_model_runs/csv makes them: each
// row is either a run already submitted (its _job_id is set) or a new record, checked in Provena's order so
// the first fault reported is the one Provena would report. The records are not lodged and not fully
// validated here; /model_run/register does that.
import { Errors, fail } from '../errors.js';
import type { ModelRunRecord, TemplatedDataset } from '../model-run-record.js';
import { GENERIC_HEADERS, JOB_HEADERS, annotationHeader, pythonList, type DatasetColumns, type TemplateColumns } from './headers.js';
import { TIME_FORMAT_FAULT, parseTemplateTime } from './times.js';

/** Latest second runledger's records can hold: 9999-12-31T23:59:59Z. */
const LAST_SECOND = 253402300799;

export interface RowLookups {
  /** Why a dataset id names no dataset, or undefined when it names one. */
  datasetFault(id: string): string | undefined;
  /** Why a job id names no job of the caller's, or undefined when it does. */
  jobFault(id: string): string | undefined;
}

export interface ConvertedRows {
  newRecords: ModelRunRecord[];
  existingRecords: string[];
}

function rowFault(rowNumber: number, exception: string): never {
  fail(Errors.recordInvalid, `There was an error while converting the CSV row for model run #${rowNumber} into a model run record, exception: ${exception}.`);
}

/** Python's uuid.UUID(text, version=4): any 32 hex digits, hyphens, braces and a urn:uuid: prefix allowed. */
export function isPythonUuid(text: string): boolean {
  const hex = text.replaceAll('urn:', '').replaceAll('uuid:', '').replace(/^\{+|\}+$/g, '').replaceAll('-', '');
  return /^[0-9a-f]{32}$/i.test(hex);
}

type Cells = ReadonlyMap<string, string>;

function templatedDataset(columns: DatasetColumns, cells: Cells, rowNumber: number, lookups: RowLookups): TemplatedDataset {
  const datasetId = cells.get(columns.idHeader)!;
  const fault = lookups.datasetFault(datasetId);
  if (fault) fail(Errors.recordInvalid, `The provided workflow template contained a dataset id ${datasetId} which was invalid, error: ${fault}.`);
  const resources: Record<string, string> = {};
  for (const resource of columns.resources) {
    const path = cells.get(resource.header)!;
    // Provena asks a path of every deferred resource; an optional one left empty is left out instead.
    if (path === '' && resource.optional) continue;
    if (path === '') rowFault(rowNumber, `Expected a path for the deferred resource '${resource.key}' in the column '${resource.header}'`);
    resources[resource.key] = path;
  }
  return {
    dataset_template_id: columns.templateId,
    dataset_id: datasetId,
    dataset_type: 'DATA_STORE',
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
  };
}

function annotationsOf(columns: TemplateColumns, cells: Cells): Record<string, string> | undefined {
  const annotations: Record<string, string> = {};
  for (const key of columns.requiredAnnotations) {
    const value = cells.get(annotationHeader(key))!;
    if (value === '') fail(Errors.recordInvalid, `Required annotation with key ${key} was either empty or None.`);
    annotations[key] = value;
  }
  for (const key of columns.optionalAnnotations) {
    const value = cells.get(annotationHeader(key))!;
    if (value !== '') annotations[key] = value;
  }
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

function timeOf(cells: Cells, header: string, rowNumber: number): number {
  const seconds = parseTemplateTime(cells.get(header)!);
  if (seconds === undefined) rowFault(rowNumber, TIME_FORMAT_FAULT);
  if (seconds < 0 || seconds > LAST_SECOND) rowFault(rowNumber, `The time ${cells.get(header)} is outside the years 1970 to 9999 that a record can hold.`);
  return seconds;
}

function required(cells: Cells, header: string, what: string, rowNumber: number): string {
  const value = cells.get(header)!;
  if (value === '') rowFault(rowNumber, `Expected ${what} to be non-empty string.`);
  return value;
}

function recordOf(columns: TemplateColumns, cells: Cells, rowNumber: number, lookups: RowLookups): ModelRunRecord {
  const inputs = columns.inputs.map((c) => templatedDataset(c, cells, rowNumber, lookups));
  const outputs = columns.outputs.map((c) => templatedDataset(c, cells, rowNumber, lookups));
  const annotations = annotationsOf(columns, cells);
  const startTime = timeOf(cells, GENERIC_HEADERS.startTime, rowNumber);
  const endTime = timeOf(cells, GENERIC_HEADERS.endTime, rowNumber);
  const displayName = required(cells, GENERIC_HEADERS.displayName, 'display name', rowNumber);
  const modelVersion = cells.get(GENERIC_HEADERS.modelVersion)!;
  const description = required(cells, GENERIC_HEADERS.description, 'description', rowNumber);
  // Provena takes an empty agent id as given; /model_run/register would then refuse the record.
  const modellerId = required(cells, GENERIC_HEADERS.agentId, 'agent id', rowNumber);
  const studyId = cells.get(GENERIC_HEADERS.studyId)!;
  if (startTime > endTime) {
    // pydantic's ValidationError text, as Provena passes it on.
    rowFault(
      rowNumber,
      `1 validation error for ModelRunRecord\n__root__\n  The 'start_time' value (${startTime}) must be smaller than or equal to the 'end_time' value (${endTime}). (type=value_error)`,
    );
  }
  return {
    workflow_template_id: columns.workflowTemplateId,
    ...(modelVersion !== '' ? { model_version: modelVersion } : {}),
    inputs,
    outputs,
    ...(annotations ? { annotations } : {}),
    display_name: displayName,
    description,
    ...(studyId !== '' ? { study_id: studyId } : {}),
    associations: { modeller_id: modellerId },
    start_time: startTime,
    end_time: endTime,
  };
}

/** Converts the data rows; `headers` has passed the header check, so every expected column is there. */
export function convertRows(columns: TemplateColumns, headers: readonly string[], rows: readonly (readonly string[])[], lookups: RowLookups): ConvertedRows {
  const converted: ConvertedRows = { newRecords: [], existingRecords: [] };
  rows.forEach((row, index) => {
    const rowNumber = index + 1;
    if (row.length !== headers.length) rowFault(rowNumber, `the row has ${row.length} cells where the header row has ${headers.length}`);
    // Provena strips the whitespace around every cell before reading it.
    const cells = new Map(headers.map((header, i) => [header, row[i]!.trim()]));
    const jobId = cells.get(JOB_HEADERS.jobId)!;
    if (jobId === '') {
      converted.newRecords.push(recordOf(columns, cells, rowNumber, lookups));
      return;
    }
    if (!isPythonUuid(jobId)) fail(Errors.recordInvalid, `Provided (job_id = ${pythonList([jobId]).slice(1, -1)}) was not a valid UUID4 identitifer.`);
    const fault = lookups.jobFault(jobId);
    if (fault) fail(Errors.recordInvalid, fault);
    converted.existingRecords.push(jobId);
  });
  return converted;
}
