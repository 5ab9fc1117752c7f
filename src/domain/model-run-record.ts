// Provena's ModelRunRecord (prov-api v1) and the validation rules register_complete applies to it.
import { Type, type Static } from '@sinclair/typebox';
import { Errors, fail } from './errors.js';
import { StringMap } from './free-form.js';
import type { DatasetTemplate, RegistryBodies, RegistryKind, WorkflowTemplate } from './registry-schemas.js';

const NonEmpty = Type.String({ minLength: 1 });

/**
 * Most datasets a record may name on each side. Far above any real workflow, and low enough that
 * validating a record stays cheap: every id named is looked up.
 */
export const MAX_RECORD_DATASETS = 1000;

export const TemplatedDatasetSchema = Type.Object(
  {
    dataset_template_id: NonEmpty,
    dataset_id: NonEmpty,
    dataset_type: Type.Literal('DATA_STORE'),
    resources: Type.Optional(StringMap('Resource paths of the dataset, by key')),
  },
  { additionalProperties: false },
);

export const ModelRunRecordSchema = Type.Object(
  {
    workflow_template_id: NonEmpty,
    model_version: Type.Optional(Type.String()),
    inputs: Type.Array(TemplatedDatasetSchema, { maxItems: MAX_RECORD_DATASETS }),
    outputs: Type.Array(TemplatedDatasetSchema, { maxItems: MAX_RECORD_DATASETS }),
    annotations: Type.Optional(StringMap('Annotations the workflow template asks for, by key')),
    display_name: NonEmpty,
    description: NonEmpty,
    study_id: Type.Optional(NonEmpty),
    associations: Type.Object(
      { modeller_id: NonEmpty, requesting_organisation_id: Type.Optional(NonEmpty) },
      { additionalProperties: false },
    ),
    // Up to 9999-12-31T23:59:59Z, the last instant xsd:dateTime (and PROV-JSON) can write with four digits.
    start_time: Type.Integer({ minimum: 0, maximum: 253402300799, description: 'Unix seconds' }),
    end_time: Type.Integer({ minimum: 0, maximum: 253402300799, description: 'Unix seconds' }),
  },
  { additionalProperties: false },
);

export type TemplatedDataset = Static<typeof TemplatedDatasetSchema>;
export type ModelRunRecord = Static<typeof ModelRunRecordSchema>;

/** A registry item as validation sees it: its kind and body. */
export interface RegistryRef {
  kind: RegistryKind;
  body: RegistryBodies[RegistryKind];
}
export type RegistryLookup = ReadonlyMap<string, RegistryRef>;

/** Every registry id a record names directly (the model comes from its workflow template). */
export function idsReferencedBy(record: ModelRunRecord): string[] {
  const ids = new Set<string>([record.workflow_template_id, record.associations.modeller_id]);
  if (record.study_id) ids.add(record.study_id);
  if (record.associations.requesting_organisation_id) ids.add(record.associations.requesting_organisation_id);
  for (const dataset of [...record.inputs, ...record.outputs]) {
    ids.add(dataset.dataset_template_id);
    ids.add(dataset.dataset_id);
  }
  return [...ids];
}

function refFailure(detail: string): never {
  fail(Errors.recordInvalid, `Failed to validate an entity's ID in the record, error: ${detail}`);
}

function expectKind<K extends RegistryKind>(lookup: RegistryLookup, id: string, kind: K, field: string): RegistryBodies[K] {
  const ref = lookup.get(id);
  if (!ref) refFailure(`${field} "${id}" does not exist`);
  if (ref.kind !== kind) refFailure(`${field} "${id}" is a ${ref.kind} item, not ${kind}`);
  return ref.body as RegistryBodies[K];
}

/** Rules the schema cannot express, checked before any lookup (Provena's first step). */
export function checkRecordShape(record: ModelRunRecord): void {
  if (record.start_time > record.end_time) {
    fail(Errors.recordInvalid, `start_time (${record.start_time}) is after end_time (${record.end_time})`);
  }
}

/** The workflow's required templates (of one side) that no dataset of the record fills, in declared order. */
export function missingRequiredTemplates(declared: WorkflowTemplate['input_templates'], datasets: readonly TemplatedDataset[]): string[] {
  const provided = new Set(datasets.map((d) => d.dataset_template_id));
  return declared.filter((t) => !t.optional && !provided.has(t.template_id)).map((t) => t.template_id);
}

/** The required deferred resource keys a dataset leaves out, and the keys it gives that its template does not know. */
export function deferredResourceFaults(dataset: TemplatedDataset, template: DatasetTemplate): { missing: string[]; unexpected: string[] } {
  const given = dataset.resources ?? {};
  const known = new Set(template.deferred_resources.map((r) => r.key));
  return {
    missing: template.deferred_resources.filter((r) => !r.optional && !(r.key in given)).map((r) => r.key),
    unexpected: Object.keys(given).filter((k) => !known.has(k)),
  };
}

/** The annotation keys the workflow requires that the record does not give. */
export function missingAnnotations(record: ModelRunRecord, workflow: WorkflowTemplate): string[] {
  const given = record.annotations ?? {};
  return (workflow.annotations?.required ?? []).filter((k) => !(k in given));
}

function checkTemplateCoverage(
  direction: 'inputs' | 'outputs',
  datasets: TemplatedDataset[],
  templates: WorkflowTemplate['input_templates'],
): void {
  const allowed = new Set(templates.map((t) => t.template_id));
  datasets.forEach((dataset, index) => {
    if (!allowed.has(dataset.dataset_template_id)) {
      refFailure(
        `${direction}[${index}].dataset_template_id "${dataset.dataset_template_id}" is not a template of the workflow`,
      );
    }
  });
  const [missing] = missingRequiredTemplates(templates, datasets);
  if (missing !== undefined) refFailure(`${direction} has no dataset for required template "${missing}"`);
}

function checkDeferredResources(field: string, dataset: TemplatedDataset, template: DatasetTemplate): void {
  const { missing, unexpected } = deferredResourceFaults(dataset, template);
  if (unexpected[0] !== undefined) refFailure(`${field}.resources has unknown deferred resource key "${unexpected[0]}"`);
  if (missing[0] !== undefined) refFailure(`${field}.resources is missing required deferred resource key "${missing[0]}"`);
}

/**
 * Validates a record against the registry in Provena's order; returns the workflow template.
 * `lookup` must hold every id from idsReferencedBy() that exists, plus the template's software_id.
 */
export function validateRecordReferences(record: ModelRunRecord, lookup: RegistryLookup): WorkflowTemplate {
  if (record.study_id) expectKind(lookup, record.study_id, 'studies', 'study_id');
  const workflow = expectKind(lookup, record.workflow_template_id, 'workflow-templates', 'workflow_template_id');

  const sides = [
    ['inputs', record.inputs],
    ['outputs', record.outputs],
  ] as const;
  const templates = new Map<string, DatasetTemplate>();
  for (const [direction, datasets] of sides) {
    datasets.forEach((d, i) => {
      const field = `${direction}[${i}].dataset_template_id`;
      templates.set(d.dataset_template_id, expectKind(lookup, d.dataset_template_id, 'dataset-templates', field));
    });
  }
  checkTemplateCoverage('inputs', record.inputs, workflow.input_templates);
  checkTemplateCoverage('outputs', record.outputs, workflow.output_templates);

  for (const [direction, datasets] of sides) {
    datasets.forEach((d, i) => {
      expectKind(lookup, d.dataset_id, 'datasets', `${direction}[${i}].dataset_id`);
      checkDeferredResources(`${direction}[${i}]`, d, templates.get(d.dataset_template_id)!);
    });
  }

  expectKind(lookup, workflow.software_id, 'models', 'workflow template software_id');
  expectKind(lookup, record.associations.modeller_id, 'persons', 'associations.modeller_id');
  const organisation = record.associations.requesting_organisation_id;
  if (organisation) expectKind(lookup, organisation, 'organisations', 'associations.requesting_organisation_id');

  const [annotation] = missingAnnotations(record, workflow);
  if (annotation !== undefined) refFailure(`annotations is missing required key "${annotation}"`);
  return workflow;
}
