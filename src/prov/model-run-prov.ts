// The PROV document of a registered model run: the graph Provena's model_run_to_graph builds, node for node and
// link for link, so a lineage walk over it answers as Provena's does. Every registered run is built here.
import type { RegistryLookup, ModelRunRecord } from '../domain/model-run-record.js';
import { REGISTRY_NODE_TYPES, type Relation } from '../domain/lineage-vocabulary.js';
import type { WorkflowTemplate } from '../domain/registry-schemas.js';
import { ProvDocument, qualifiedName } from './document.js';

export interface ModelRunProvInput {
  runId: string;
  record: ModelRunRecord;
  workflow: WorkflowTemplate;
  lookup: RegistryLookup;
  /**
   * The account that lodged the record. Provena keeps the lodger out of the run's graph; here the document says
   * who lodged it by attributing the stored record to them, a statement outside the lineage.
   */
  lodgedBy?: { id: string; username: string };
}

/** The QName of the stored record (not of the run it describes) in a run's PROV document. */
export function recordQualifiedName(runId: string): string {
  return `runledger:record-${runId}`;
}

function addRegistryNode(doc: ProvDocument, lookup: RegistryLookup, id: string): void {
  const ref = lookup.get(id);
  if (!ref) throw new Error(`registry item ${id} missing from lookup after validation`);
  doc.node({ id, display_name: ref.body.display_name, ...REGISTRY_NODE_TYPES[ref.kind] });
}

/** The distinct ids of `items` by one key, in first-seen order (Python's dict order, which Provena relies on). */
function distinct<T>(items: readonly T[], key: (item: T) => string): string[] {
  return [...new Set(items.map(key))];
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

  const workflowId = record.workflow_template_id;
  const modelId = workflow.software_id;
  const modellerId = record.associations.modeller_id;
  const organisationId = record.associations.requesting_organisation_id;
  const studyId = record.study_id;
  const inputs = distinct(record.inputs, (d) => d.dataset_id);
  const outputs = distinct(record.outputs, (d) => d.dataset_id);
  // Only templates a supplied dataset fills, inputs' first (model_run_to_graph §3.1).
  const templates = distinct([...record.inputs, ...record.outputs], (d) => d.dataset_template_id);

  if (studyId) addRegistryNode(doc, lookup, studyId);
  for (const id of [...inputs, ...outputs, workflowId, ...templates, modelId, modellerId]) addRegistryNode(doc, lookup, id);
  if (organisationId) addRegistryNode(doc, lookup, organisationId);

  // Provena keys links by (source, target): a later link between the same pair replaces the earlier one.
  const links = new Map<string, { relation: Relation; source: string; target: string }>();
  const link = (relation: Relation, source: string, target: string) => links.set(`${source}|${target}`, { relation, source, target });

  if (studyId) link('wasInformedBy', runId, studyId);
  for (const id of inputs) link('used', runId, id);
  for (const id of outputs) link('wasGeneratedBy', id, runId);
  link('used', runId, modelId);
  link('used', runId, workflowId);
  link('wasAssociatedWith', runId, modellerId);
  if (organisationId) link('wasAssociatedWith', runId, organisationId);
  for (const id of outputs) link('wasAttributedTo', id, modellerId);
  for (const template of templates) {
    link('hadMember', workflowId, template);
    for (const dataset of [...record.inputs, ...record.outputs]) {
      if (dataset.dataset_template_id === template) link('wasInfluencedBy', dataset.dataset_id, template);
    }
  }
  link('hadMember', workflowId, modelId);
  for (const { relation, source, target } of links.values()) doc.relate(relation, source, target);

  if (lodgedBy) {
    const stored = recordQualifiedName(runId);
    doc.recordNode('entity', stored, { 'prov:label': `model run record ${runId}`, 'prov:type': 'runledger:ModelRunRecord' });
    doc.recordNode('agent', qualifiedName(lodgedBy.id), { 'prov:label': lodgedBy.username, id: lodgedBy.id, item_category: 'AGENT', item_subtype: 'USER' });
    doc.recordRelation('wasAttributedTo', stored, qualifiedName(lodgedBy.id));
  }
  return doc;
}
