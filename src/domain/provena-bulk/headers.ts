// The columns of Provena's model run CSV template (prov-api helpers/template_helpers.py and the header
// strings of its config), derived from a workflow template and the dataset templates it declares. Header
// text is wire contract: provenaclient users fill in templates Provena generated and upload them again.
import type { DatasetTemplate, WorkflowTemplate } from '../registry-schemas.js';

export const WORKFLOW_FLAG_PREFIX = '_workflow template id';
export const GENERIC_HEADERS = {
  displayName: 'display name',
  description: 'description',
  modelVersion: 'model version (optional)',
  agentId: 'agent id',
  studyId: 'study id',
  startTime: 'execution start time (YYYY-MM-DD HH:MM:SS+HH:MM)',
  endTime: 'execution end time (YYYY-MM-DD HH:MM:SS+HH:MM)',
} as const;
/** Provena's order, which is also the order of the generated columns. */
const GENERIC_ORDER = ['displayName', 'description', 'modelVersion', 'agentId', 'studyId', 'startTime', 'endTime'] as const;
export const ANNOTATION_PREFIX = 'annotation: ';
export const JOB_HEADERS = { jobId: '_job_id', jobStatus: '_job_status', recordId: '_model_run_record_id', errorInfo: '_error_info' } as const;
const JOB_ORDER = [JOB_HEADERS.jobId, JOB_HEADERS.jobStatus, JOB_HEADERS.recordId, JOB_HEADERS.errorInfo];

export interface ResourceColumn {
  key: string;
  header: string;
  optional: boolean;
}

export interface DatasetColumns {
  templateId: string;
  idHeader: string;
  resources: ResourceColumn[];
}

export interface TemplateColumns {
  workflowTemplateId: string;
  flagHeader: string;
  inputs: DatasetColumns[];
  outputs: DatasetColumns[];
  requiredAnnotations: string[];
  optionalAnnotations: string[];
}

export const flagHeaderOf = (workflowTemplateId: string) => `${WORKFLOW_FLAG_PREFIX} ${workflowTemplateId}`;
export const annotationHeader = (key: string) => `${ANNOTATION_PREFIX}${key}`;

function datasetColumns(templateId: string, template: DatasetTemplate, side: 'Input' | 'Output'): DatasetColumns {
  return {
    templateId,
    idHeader: `${side} dataset id for template: ${template.display_name} [template id: ${templateId}]`,
    resources: (template.deferred_resources ?? []).map((r) => ({ key: r.key, header: `${side} resource: ${r.key}`, optional: r.optional === true })),
  };
}

/** `templates` holds every dataset template the workflow declares, by id. */
export function templateColumns(workflowTemplateId: string, workflow: WorkflowTemplate, templates: ReadonlyMap<string, DatasetTemplate>): TemplateColumns {
  const resolve = (id: string) => templates.get(id)!;
  return {
    workflowTemplateId,
    flagHeader: flagHeaderOf(workflowTemplateId),
    inputs: (workflow.input_templates ?? []).map((t) => datasetColumns(t.template_id, resolve(t.template_id), 'Input')),
    outputs: (workflow.output_templates ?? []).map((t) => datasetColumns(t.template_id, resolve(t.template_id), 'Output')),
    requiredAnnotations: workflow.annotations?.required ?? [],
    optionalAnnotations: workflow.annotations?.optional ?? [],
  };
}

const datasetHeaders = (d: DatasetColumns) => [d.idHeader, ...d.resources.map((r) => r.header)];

/** Every header, in the template's column order. */
export function compileHeaders(columns: TemplateColumns): string[] {
  return [
    columns.flagHeader,
    ...GENERIC_ORDER.map((name) => GENERIC_HEADERS[name]),
    ...columns.inputs.flatMap(datasetHeaders),
    ...columns.outputs.flatMap(datasetHeaders),
    ...[...columns.requiredAnnotations, ...columns.optionalAnnotations].map(annotationHeader),
    ...JOB_ORDER,
  ];
}

/** Provena's first complaint about a header row that lacks an expected header, in its order and words. */
export function missingHeaderFault(columns: TemplateColumns, headers: readonly string[]): string | undefined {
  const present = new Set(headers);
  for (const name of GENERIC_ORDER) {
    const header = GENERIC_HEADERS[name];
    if (!present.has(header)) return `Expected header '${header}' not in headers!`;
  }
  for (const dataset of [...columns.inputs, ...columns.outputs]) {
    for (const header of datasetHeaders(dataset)) {
      if (!present.has(header)) return `Expected dataset template header ${header} not in provided headers.`;
    }
  }
  for (const key of [...columns.requiredAnnotations, ...columns.optionalAnnotations]) {
    if (!present.has(annotationHeader(key))) return `CSV has no header for ${key} annotation.`;
  }
  for (const header of JOB_ORDER) if (!present.has(header)) return `CSV is missing expected status header ${header}.`;
  if (!present.has(columns.flagHeader)) return `Expected header '${columns.flagHeader}' not in headers!`;
  return undefined;
}

/** Headers the template does not have, in the order given. */
export function extraHeaders(columns: TemplateColumns, headers: readonly string[]): string[] {
  const expected = new Set(compileHeaders(columns));
  return headers.filter((h) => !expected.has(h));
}

/** Values that occur more than once, in order of first occurrence (Python's Counter order). */
export function duplicatesOf(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([value]) => value);
}

/** A list of strings as Python's repr writes it, for messages that quote one: ['a', "it's"]. */
export function pythonList(values: readonly string[]): string {
  const repr = (s: string) => {
    const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
    const body = s.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
    return quote + (quote === "'" ? body.replaceAll("'", "\\'") : body) + quote;
  };
  return `[${values.map(repr).join(', ')}]`;
}

/** The workflow template id a header row names in its `_workflow template id <id>` column. */
export function workflowIdsFlagged(headers: readonly string[]): string[] {
  // Provena's regex: the prefix, one whitespace character, then the id up to the next whitespace (re.match anchors at the start only).
  const flag = /^_workflow template id\s(\S*)/;
  return headers.flatMap((h) => {
    const match = flag.exec(h);
    return match ? [match[1]!.trim()] : [];
  });
}
