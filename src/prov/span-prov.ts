// Provenance of the spans of a trace, as for pipeline runs (pipeline-run-prov.ts): each span is a STEP activity.
// A child span wasStartedBy its parent and informed it (the parent wasInformedBy the child, whose result it
// took in); a root span is started by the run and informs it, as a step run of a pipeline run is. Inputs and
// outputs are the same content-addressed values /api/v1/run makes, and the provider is the same software agent.
// The graph is added to span by span as spans arrive, so edges to a parent not yet received are stored at once
// and its node comes with it; whatever the order, the trace ends with the same nodes and edges.
import { canonicalJson } from '../domain/gentrace.js';
import { uuidFromDigest } from '../domain/ids.js';
import type { ProvDocument } from './document.js';
import { providerAgentId, sha256Hex, type ValueEntity } from './pipeline-run-prov.js';

/** A span's step id from its trace and span id, so a child names its parent's step before the parent arrives. */
export function spanStepId(traceId: string, spanId: string): string {
  return uuidFromDigest(sha256Hex(`otlp-span:${traceId}:${spanId}`));
}

export interface SpanStepProv {
  runId: string;
  stepId: string;
  parentStepId: string | null;
  name: string;
  startTime: string;
  endTime: string;
  status: 'SUCCESS' | 'FAILED';
  error: string | null;
  providerName: string | null;
  modelParams: Record<string, unknown> | null;
  inputs: ValueEntity | null;
  outputs: ValueEntity | null;
}

function addValue(doc: ProvDocument, value: ValueEntity): void {
  doc.node(
    { id: value.id, item_category: 'ENTITY', item_subtype: 'VALUE', display_name: `value sha256:${value.sha256.slice(0, 12)}` },
    { 'runledger:sha256': value.sha256 },
  );
}

export function addSpanStep(doc: ProvDocument, step: SpanStepProv): void {
  doc.node(
    { id: step.stepId, item_category: 'ACTIVITY', item_subtype: 'STEP', display_name: step.name },
    {
      'prov:startTime': step.startTime,
      'prov:endTime': step.endTime,
      'runledger:status': step.status,
      ...(step.error ? { 'runledger:error': step.error } : {}),
    },
  );
  const starter = step.parentStepId ?? step.runId;
  doc.relate('wasStartedBy', step.stepId, starter, { 'prov:time': step.startTime });
  doc.relate('wasInformedBy', starter, step.stepId);

  if (step.providerName !== null) {
    const providerId = providerAgentId(step.providerName);
    doc.node({ id: providerId, item_category: 'AGENT', item_subtype: 'SOFTWARE', display_name: step.providerName });
    doc.relate('wasAssociatedWith', step.stepId, providerId, {
      'prov:role': 'runledger:provider',
      ...(step.modelParams ? { 'runledger:model_params': canonicalJson(step.modelParams) } : {}),
    });
  }
  if (step.inputs) {
    addValue(doc, step.inputs);
    doc.relate('used', step.stepId, step.inputs.id, { 'prov:role': 'runledger:inputs' });
  }
  // A step that returned exactly what it was given made nothing new, as for pipeline runs.
  if (!step.outputs || step.outputs.id === step.inputs?.id) return;
  addValue(doc, step.outputs);
  doc.relate('wasGeneratedBy', step.outputs.id, step.stepId, { 'prov:role': 'runledger:outputs' });
  if (step.inputs) doc.relate('wasDerivedFrom', step.outputs.id, step.inputs.id);
}
