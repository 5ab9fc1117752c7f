// A lodged batch as a filled-in CSV template (Provena's regenerate_from_batch/csv): one row per job, its
// record in the template's columns and the job's progress in the _job_* columns. Uploaded again, every row
// counts as a run already submitted, so a user can fix the failed rows and resubmit only those.
import { Type, type Static } from '@sinclair/typebox';
import { Errors, fail } from '../errors.js';
import type { DatasetColumns, TemplateColumns } from './headers.js';
import { formatTemplateTime } from './times.js';

const Texts = Type.Record(Type.String(), Type.String());
const LodgedDataset = Type.Object({ dataset_template_id: Type.String(), dataset_id: Type.String(), resources: Type.Optional(Texts) });

/**
 * What a row needs of a lodge job's record: no more, so that any record prov-api accepted (it takes empty
 * strings and times before 1970, as pydantic does) can be written back.
 */
export const LodgedRecordSchema = Type.Object({
  workflow_template_id: Type.String(),
  model_version: Type.Optional(Type.String()),
  inputs: Type.Array(LodgedDataset),
  outputs: Type.Array(LodgedDataset),
  annotations: Type.Optional(Texts),
  display_name: Type.String(),
  description: Type.String(),
  study_id: Type.Optional(Type.String()),
  associations: Type.Object({ modeller_id: Type.String() }),
  start_time: Type.Integer(),
  end_time: Type.Integer(),
});
export type LodgedRecord = Static<typeof LodgedRecordSchema>;

/** What a row needs of a job (Provena's JobStatusTable). */
export interface BatchJob {
  sessionId: string;
  status: string;
  info: string | null;
  /** The lodged run's id, from a succeeded job's result. */
  recordId: string | undefined;
  record: LodgedRecord;
}

const badRequest = (detail: string): never => fail(Errors.recordInvalid, detail);

function datasetCells(columns: DatasetColumns, record: LodgedRecord, side: 'input' | 'output'): string[] {
  const entries = side === 'input' ? record.inputs : record.outputs;
  const entry = entries.find((e) => e.dataset_template_id === columns.templateId);
  if (!entry) badRequest(`No ${side} found in model run record for dataset template: ${columns.templateId}.`);
  return [
    entry!.dataset_id,
    ...columns.resources.map((resource) => {
      const path = entry!.resources?.[resource.key];
      // An optional resource left out is an empty cell, as the conversion reads one.
      if (path === undefined && resource.optional) return '';
      if (path === undefined) badRequest(`Expected deferred resource: ${resource.key} but was not found in model run record.`);
      return path!;
    }),
  ];
}

function annotationCells(columns: TemplateColumns, record: LodgedRecord): string[] {
  const annotations = record.annotations;
  if (!annotations && columns.requiredAnnotations.length > 0) badRequest('Model run record had no annotations, but template had required annotations.');
  const required = columns.requiredAnnotations.map((key) => {
    const value = annotations?.[key];
    if (value === undefined) badRequest(`Workflow template expected annotation with key ${key} but it was not provided in the model run record.`);
    return value!;
  });
  return [...required, ...columns.optionalAnnotations.map((key) => annotations?.[key] ?? '')];
}

/** The row of one job, in the columns compileHeaders gives. */
export function filloutRow(columns: TemplateColumns, job: BatchJob): string[] {
  const { record } = job;
  return [
    '',
    record.display_name,
    record.description,
    record.model_version ?? '',
    record.associations.modeller_id,
    record.study_id ?? '',
    formatTemplateTime(record.start_time),
    formatTemplateTime(record.end_time),
    ...columns.inputs.flatMap((c) => datasetCells(c, record, 'input')),
    ...columns.outputs.flatMap((c) => datasetCells(c, record, 'output')),
    ...annotationCells(columns, record),
    job.sessionId,
    job.status,
    job.recordId ?? '',
    job.status === 'FAILED' ? (job.info ?? '') : '',
  ];
}
