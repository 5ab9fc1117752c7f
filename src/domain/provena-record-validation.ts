// prov-api's validate_model_run_record: the first fault wins, in Provena's order and with its sentences,
// so a client that shows the error shows what Provena would. register_complete keeps its own wording.
import {
  deferredResourceFaults,
  missingAnnotations,
  missingRequiredTemplates,
  type ModelRunRecord,
  type RegistryLookup,
  type TemplatedDataset,
} from './model-run-record.js';
import type { DatasetTemplate, RegistryBodies, RegistryKind, WorkflowTemplate } from './registry-schemas.js';

export type ProvenaValidation = { ok: true; workflow: WorkflowTemplate } | { ok: false; detail: string };

export const ENTITY_ID_PREFIX = "Failed to validate an entity's ID in the record, error: ";

/** Provena's registry names for our kinds, as its "wrong kind" details show them. */
const PROVENA_SUBTYPES: Record<RegistryKind, string> = {
  persons: 'PERSON',
  organisations: 'ORGANISATION',
  models: 'MODEL',
  studies: 'STUDY',
  'dataset-templates': 'DATASET_TEMPLATE',
  'workflow-templates': 'MODEL_RUN_WORKFLOW_TEMPLATE',
  datasets: 'DATASET',
};

class Fault extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** A `(False, msg)` of Provena's validator: the route's 400 prefixes it and adds a full stop. */
const invalid = (msg: string): never => {
  throw new Fault(`${ENTITY_ID_PREFIX}${msg}.`);
};
/** A fault Provena raises as a bare HTTPException(400) from inside the validator. */
const raw = (detail: string): never => {
  throw new Fault(detail);
};

/** The registry's answer for an id: the item's body, or the details of why it could not be fetched. */
function fetchItem<K extends RegistryKind>(lookup: RegistryLookup, id: string, kind: K): { body: RegistryBodies[K] } | { error: string } {
  const ref = lookup.get(id);
  if (!ref) return { error: `Failed to retrieve item with details: Item with id ${id} does not exist.` };
  if (ref.kind !== kind) {
    return { error: `Failed to retrieve item with details: Item with id ${id} is a ${PROVENA_SUBTYPES[ref.kind]}, not a ${PROVENA_SUBTYPES[kind]}.` };
  }
  return { body: ref.body as RegistryBodies[K] };
}

function expect<K extends RegistryKind>(lookup: RegistryLookup, id: string, kind: K, describe: (error: string) => string): RegistryBodies[K] {
  const found = fetchItem(lookup, id, kind);
  if ('error' in found) invalid(describe(found.error));
  return (found as { body: RegistryBodies[K] }).body;
}

function checkDatasets(
  side: 'input' | 'output',
  datasets: TemplatedDataset[],
  declared: ReadonlySet<string>,
  templates: ReadonlyMap<string, DatasetTemplate>,
  lookup: RegistryLookup,
): void {
  const Side = side === 'input' ? 'An input' : 'An output';
  for (const dataset of datasets) {
    const t = dataset.dataset_template_id;
    if (!declared.has(t)) {
      raw(
        `${Side} template in the payload (id: ${t}) does not exist in the workflow definition's list of expected/required ` +
          `${side} dataset templates. Check your workflow definition and provided ${side} dataset templates are correct.`,
      );
    }
    const reason = (why: string) => invalid(`${Side} dataset validation process failed, type ${dataset.dataset_type}, template id ${t}, reason ${why}`);
    const found = fetchItem(lookup, dataset.dataset_id, 'datasets');
    // Provena's inner reason says "Input dataset" on both sides.
    if ('error' in found) reason(`Input dataset with id ${dataset.dataset_id} was not a valid id, error: ${found.error}`);
    const { missing, unexpected } = deferredResourceFaults(dataset, templates.get(t)!);
    if (missing.length > 0) {
      reason(
        `The provided dataset template with id ${t} and dataset id ${dataset.dataset_id} was missing deferred resource paths ` +
          `for the following required resource keys (${missing.join(',')}).`,
      );
    }
    if (unexpected.length > 0) {
      reason(
        `The provided dataset template with id ${t} and dataset id ${dataset.dataset_id} provided unexpected deferred resource paths ` +
          `for the following unexpected resource keys (${unexpected.join(',')}).`,
      );
    }
  }
}

function validate(record: ModelRunRecord, lookup: RegistryLookup): WorkflowTemplate {
  // Steps 1–3 (times, empty names) are the request model's and answered with 422 before this runs.
  const wfWording = (id: string) => (error: string) => `Provided model run workflow definition with id ${id} was not a valid id, error: ${error}`;
  if (record.study_id) expect(lookup, record.study_id, 'studies', wfWording(record.study_id));
  const workflow = expect(lookup, record.workflow_template_id, 'workflow-templates', wfWording(record.workflow_template_id));

  const templates = new Map<string, DatasetTemplate>();
  for (const { template_id: t } of [...workflow.input_templates, ...workflow.output_templates]) {
    const body = expect(lookup, t, 'dataset-templates', (e) => `Provided dataset template with id ${t} (associated with the workflow def.) was not a valid id, error: ${e}`);
    templates.set(t, body);
  }
  for (const [side, declared, datasets] of [
    ['inputs', workflow.input_templates, record.inputs],
    ['outputs', workflow.output_templates, record.outputs],
  ] as const) {
    const [missing] = missingRequiredTemplates(declared, datasets);
    if (missing !== undefined) invalid(`The workflow definition expects dataset with template ID ${missing} but it was not present in the ${side}.`);
  }
  const declared = new Set(templates.keys());
  checkDatasets('input', record.inputs, declared, templates, lookup);
  checkDatasets('output', record.outputs, declared, templates, lookup);

  const model = workflow.software_id;
  expect(lookup, model, 'models', (e) => `Model with id ${model} (associated with workflow definition) was not a valid model, error: ${e}.`);
  const modeller = record.associations.modeller_id;
  expect(lookup, modeller, 'persons', (e) => `Modeller with id ${modeller} was not a valid person, error: ${e}.`);
  const organisation = record.associations.requesting_organisation_id;
  if (organisation) {
    expect(lookup, organisation, 'organisations', (e) => `Organisation with id ${organisation} was not a valid organisation, error: ${e}.`);
  }
  const missing = missingAnnotations(record, workflow);
  if (missing.length > 0) invalid(`Missing required annotations with keys: (${missing.join(',')}).`);
  return workflow;
}

/**
 * Checks a record against the registry as Provena does. `lookup` must hold every id the record names
 * that exists, plus the workflow template's software_id and declared dataset templates.
 */
export function validateProvenaRecord(record: ModelRunRecord, lookup: RegistryLookup): ProvenaValidation {
  try {
    return { ok: true, workflow: validate(record, lookup) };
  } catch (err) {
    if (err instanceof Fault) return { ok: false, detail: err.detail };
    throw err;
  }
}
