// Provena's bulk CSV workflow (prov-api /bulk/*): a template for a workflow, and the filled-in template
// back as ModelRunRecords for the client to register.
import { Errors, fail } from '../domain/errors.js';
import { convertRows, type ConvertedRows } from '../domain/provena-bulk/convert.js';
import { readCsvTable, writeCsv } from '../domain/provena-bulk/csv-text.js';
import {
  compileHeaders,
  duplicatesOf,
  extraHeaders,
  missingHeaderFault,
  pythonList,
  templateColumns,
  workflowIdsFlagged,
  type TemplateColumns,
} from '../domain/provena-bulk/headers.js';
import type { DatasetTemplate, RegistryKind, WorkflowTemplate } from '../domain/registry-schemas.js';
import { findRegistryItemsByIds } from '../store/registry.js';
import type { RegistryItemRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';

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
  const converted = convertRows(columns, headers, rows, {
    datasetFault: (id) => itemFault(datasets.get(id), id, 'datasets', 'dataset'),
    jobFault: () => undefined,
  });
  return { ...converted, warnings };
}
