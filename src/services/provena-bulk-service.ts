// Provena's bulk CSV workflow (prov-api /bulk/*): a template for a workflow, and the filled-in template
// back as ModelRunRecords for the client to register.
import { Value } from '@sinclair/typebox/value';
import { Errors, fail } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { convertRows, type ConvertedRows } from '../domain/provena-bulk/convert.js';
import { LodgedRecordSchema, filloutRow, type BatchJob } from '../domain/provena-bulk/fillout.js';
import { readCsvTable, writeCsv } from '../domain/provena-bulk/csv-text.js';
import {
  compileHeaders,
  duplicatesOf,
  extraHeaders,
  missingHeaderFault,
  pythonList,
  templateColumns,
  workflowIdsFlagged,
  JOB_HEADERS,
  type TemplateColumns,
} from '../domain/provena-bulk/headers.js';
import type { DatasetTemplate, RegistryKind, WorkflowTemplate } from '../domain/registry-schemas.js';
import { findExistingJobIds, listJobsInBatch } from '../store/provena-jobs.js';
import { findRegistryItemsByIds } from '../store/registry.js';
import type { ProvenaJobRow, RegistryItemRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';
import { JobNotOwnedError } from './provena-jobs-service.js';

const badRequest = (detail: string): never => fail(Errors.recordInvalid, detail);

/** Why `id` names no item of `kind`, or undefined when it names one. */
function itemFault(row: RegistryItemRow | undefined, id: string, kind: RegistryKind, label: string): string | undefined {
  if (!row) return `Failed to retrieve item with details: no ${label} has the id "${id}"`;
  if (row.kind !== kind) return `Failed to retrieve item with details: the item with id "${id}" is one of the ${row.kind}, not a ${label}`;
  return undefined;
}

/** The template's columns, or the 400 Provena gives for a workflow template it cannot make one for. */
export async function resolveTemplateColumns(ctx: ServiceContext, workflowTemplateId: string): Promise<TemplateColumns> {
  const [workflowRow] = await findRegistryItemsByIds(ctx.db, [workflowTemplateId]);
  const workflowFault = itemFault(workflowRow, workflowTemplateId, 'workflow-templates', 'model run workflow template');
  if (workflowFault) badRequest(`The provided workflow template ID was invalid, error: ${workflowFault}.`);
  const workflow = workflowRow!.body as WorkflowTemplate;
  const templateIds = [...(workflow.input_templates ?? []), ...(workflow.output_templates ?? [])].map((t) => t.template_id);
  const rows = new Map((await findRegistryItemsByIds(ctx.db, [...new Set(templateIds)])).map((row) => [row.id, row]));
  const templates = new Map<string, DatasetTemplate>();
  for (const id of templateIds) {
    const fault = itemFault(rows.get(id), id, 'dataset-templates', 'dataset template');
    if (fault) badRequest(`The provided workflow template contained a dataset template id ${id} which was invalid, error: ${fault}.`);
    templates.set(id, rows.get(id)!.body as DatasetTemplate);
  }
  return templateColumns(workflowTemplateId, workflow, templates);
}

/** The header row of the workflow's template, as CSV text. */
export async function generateTemplateCsv(ctx: ServiceContext, workflowTemplateId: string): Promise<string> {
  const headers = compileHeaders(await resolveTemplateColumns(ctx, workflowTemplateId));
  const duplicates = duplicatesOf(headers);
  // Provena answers 500 here; it is the workflow's fault, not the server's.
  if (duplicates.length > 0) badRequest(`Cannot generate CSV template with duplicate headers: ${pythonList(duplicates)}`);
  return writeCsv([headers]);
}

export interface ConvertedCsv extends ConvertedRows {
  warnings: string[];
}

function flaggedWorkflowId(headers: readonly string[], dataRows: number): string {
  if (dataRows === 0) badRequest('The provided CSV had no non header rows.');
  const ids = workflowIdsFlagged(headers);
  if (ids.length === 0) badRequest('None of the provided headers matched the expected workflow template flag to identify the workflow template.');
  if (ids.length > 1) badRequest('Multiple provided headers matched the expected workflow template flag to identify the workflow template.');
  return ids[0]!;
}

/** Reads an uploaded, filled-in template into new records and the job ids of runs already submitted. */
export async function convertModelRunsCsv(ctx: ServiceContext, file: Uint8Array): Promise<ConvertedCsv> {
  const { headers, rows } = readCsvTable(file);
  const columns = await resolveTemplateColumns(ctx, flaggedWorkflowId(headers, rows.length));
  const missing = missingHeaderFault(columns, headers);
  if (missing) badRequest(`Header validation error in CSV: ${missing}`);
  const warnings = extraHeaders(columns, headers).map((extra) => `Extra column with header '${extra}' provided, ignoring`);

  // Every dataset the rows name, in one query.
  const idColumns = [...columns.inputs, ...columns.outputs].map((c) => headers.indexOf(c.idHeader));
  const datasetIds = new Set(rows.flatMap((row) => idColumns.map((i) => (row[i] ?? '').trim())));
  const datasets = new Map((await findRegistryItemsByIds(ctx.db, [...datasetIds])).map((row) => [row.id, row]));
  // And every job a row says was submitted, in one query too: Provena means to check they exist (its check is never awaited).
  const jobColumn = headers.indexOf(JOB_HEADERS.jobId);
  const jobIds = [...new Set(rows.map((row) => (row[jobColumn] ?? '').trim()).filter(isUuid))];
  const jobs = new Set(await findExistingJobIds(ctx.db, jobIds));
  const converted = convertRows(columns, headers, rows, {
    datasetFault: (id) => itemFault(datasets.get(id), id, 'datasets', 'dataset'),
    jobFault: (id) => (jobs.has(id.toLowerCase()) ? undefined : `The (job_id = '${id}') is a valid UUID4 identifier but does not exist in the job status database.`),
  });
  return { ...converted, warnings };
}

function batchJobOf(row: ProvenaJobRow, batchId: string): BatchJob {
  const record = (row.payload as { record?: unknown }).record;
  if (!Value.Check(LodgedRecordSchema, record)) {
    fail(Errors.internal, `The specified batch ID ${batchId} contained jobs which could not be parsed as valid job payloads.`);
  }
  const recordId = (row.result as { record?: { id?: unknown } } | null)?.record?.id;
  return { sessionId: row.session_id, status: row.status, info: row.info, recordId: typeof recordId === 'string' ? recordId : undefined, record };
}

/** The batch's jobs as a filled-in template, in the order its records were submitted. */
export async function regenerateBatchCsv(ctx: ServiceContext, principal: Principal, batchId: string): Promise<string> {
  // Newest first from the store; the file lists them as the uploaded one did.
  const rows = (isUuid(batchId) ? await listJobsInBatch(ctx.db, batchId) : []).reverse();
  // job-api's list_batch, which Provena calls with the user's token, refuses a batch holding others' jobs.
  if (rows.some((row) => row.owner_id !== principal.id)) throw new JobNotOwnedError('Batch contains items which you do not own. Not authorised.');
  // Provena fails with a 500 on an empty or unknown batch; it is the request that is wrong.
  if (rows.length === 0) badRequest(`The specified batch ID ${batchId} contained no jobs.`);
  if (rows.some((row) => row.job_sub_type !== 'MODEL_RUN_PROV_LODGE')) {
    badRequest(`The specified batch ID ${batchId} contained jobs with non model run lodge job types.`);
  }
  const jobs = rows.map((row) => batchJobOf(row, batchId));
  const workflowIds = [...new Set(jobs.map((job) => job.record.workflow_template_id))];
  if (workflowIds.length > 1) badRequest(`The specified batch ID ${batchId} contained jobs with more than one workflow template IDs.`);
  const columns = await resolveTemplateColumns(ctx, workflowIds[0]!);
  return writeCsv([compileHeaders(columns), ...jobs.map((job) => filloutRow(columns, job))]);
}
