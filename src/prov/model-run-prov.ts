// The PROV document of a registered (Provena-style) model run, with the relations Provena emits.
import type { RegistryLookup, ModelRunRecord } from '../domain/model-run-record.js';
import { REGISTRY_NODE_TYPES } from '../domain/lineage-vocabulary.js';
import type { WorkflowTemplate } from '../domain/registry-schemas.js';
import { ProvDocument } from './document.js';

export interface ModelRunProvInput {
  runId: string;
  record: ModelRunRecord;
  workflow: WorkflowTemplate;
  lookup: RegistryLookup;
  /** The account that lodged the record, named in the document as an agent. */
  lodgedBy?: { id: string; username: string };
}

function addRegistryNode(doc: ProvDocument, lookup: RegistryLookup, id: string): void {
  const ref = lookup.get(id);
  if (!ref) throw new Error(`registry item ${id} missing from lookup after validation`);
  doc.node({ id, display_name: ref.body.display_name, ...REGISTRY_NODE_TYPES[ref.kind] });
}

export function buildModelRunProv({ runId, record, workflow, lookup, lodgedBy }: ModelRunProvInput): ProvDocument {
  const doc = new ProvDocument();
  doc.node(
    { id: runId, item_category: 'ACTIVITY', item_subtype: 'MODEL_RUN', display_name: record.display_name },
    {
      'prov:startTime': new Date(record.start_time * 1000).toISOString(),
      'prov:endTime': new Date(record.end_time * 1000).toISOString(),
      'runledger:description': record.description,
      ...(record.model_version ? { 'runledger:model_version': record.model_version } : {}),
    },
  );

  const modelId = workflow.software_id;
  const modellerId = record.associations.modeller_id;
  const organisationId = record.associations.requesting_organisation_id;
  for (const id of [record.workflow_template_id, modelId, modellerId]) addRegistryNode(doc, lookup, id);

  doc.relate('used', runId, modelId).relate('used', runId, record.workflow_template_id);
  doc.relate('hadMember', record.workflow_template_id, modelId);
  doc.relate('wasAssociatedWith', runId, modellerId);
  if (organisationId) {
    addRegistryNode(doc, lookup, organisationId);
    doc.relate('wasAssociatedWith', runId, organisationId).relate('actedOnBehalfOf', modellerId, organisationId);
  }
  if (record.study_id) {
    addRegistryNode(doc, lookup, record.study_id);
    doc.relate('wasInformedBy', runId, record.study_id);
  }
  if (lodgedBy) {
    doc.node({ id: lodgedBy.id, item_category: 'AGENT', item_subtype: 'USER', display_name: lodgedBy.username });
    doc.relate('wasAssociatedWith', runId, lodgedBy.id, { 'prov:role': 'runledger:lodger' });
  }

  for (const [direction, datasets] of [['inputs', record.inputs], ['outputs', record.outputs]] as const) {
    for (const dataset of datasets) {
      addRegistryNode(doc, lookup, dataset.dataset_id);
      addRegistryNode(doc, lookup, dataset.dataset_template_id);
      doc.relate('hadMember', record.workflow_template_id, dataset.dataset_template_id);
      doc.relate('wasInfluencedBy', dataset.dataset_id, dataset.dataset_template_id);
      if (direction === 'inputs') {
        doc.relate('used', runId, dataset.dataset_id);
      } else {
        doc.relate('wasGeneratedBy', dataset.dataset_id, runId);
        doc.relate('wasAttributedTo', dataset.dataset_id, modellerId);
      }
    }
  }
  return doc;
}
