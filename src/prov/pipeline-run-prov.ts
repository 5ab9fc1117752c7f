// The PROV document of an ingested LLM pipeline run (Gentrace). The run and each step run are activities,
// steps started by the run (wasStartedBy) and informing it (wasInformedBy), so walks from a run reach its
// steps and walks from a step reach its run. A step used its inputs value and generated its outputs value,
// which was derived from the inputs; the provider is a software agent associated with the step, the model
// params carried on that association (PROV-DM §5.2.3, qualified association).
import { createHash } from 'node:crypto';
import { canonicalJson, type IngestStepRun } from '../domain/gentrace.js';
import { toUtcIso } from '../domain/gentrace-values.js';
import { uuidFromDigest } from '../domain/ids.js';
import type { RunStatus } from '../domain/run-status.js';
import type { JsonValue } from '../domain/storable-json.js';
import { ProvDocument } from './document.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ValueEntity {
  id: string;
  sha256: string;
}

/**
 * A JSON value as a lineage entity addressed by its content: the SHA-256 of its canonical JSON, as a UUID.
 * The same inputs sent by any run, in any key order, are therefore one node (DESIGN, Gentrace lineage).
 * Any JSON value, not only an object (outputs may be an array, a scalar or null): an object's canonical JSON,
 * and so its id, is what it always was.
 */
export function valueEntity(value: JsonValue | Record<string, unknown>): ValueEntity {
  const sha256 = sha256Hex(canonicalJson(value));
  return { id: uuidFromDigest(sha256), sha256 };
}

// Runs name a handful of providers over and over; remembering their ids saves two hashes per step.
const providerIds = new Map<string, string>();

/**
 * One agent per provider name. The prefix keeps these ids apart from value ids, whose canonical JSON text
 * never starts with a letter other than those of true, false and null.
 */
export function providerAgentId(providerName: string): string {
  let id = providerIds.get(providerName);
  if (id === undefined) {
    id = uuidFromDigest(sha256Hex(`gentrace-provider:${providerName}`));
    if (providerIds.size >= 1000) providerIds.clear();
    providerIds.set(providerName, id);
  }
  return id;
}

export interface ProvStep {
  id: string;
  order: number;
  status: 'SUCCESS' | 'FAILED';
  run: IngestStepRun;
  inputs: ValueEntity;
  outputs: ValueEntity;
}

export interface PipelineRunProvInput {
  runId: string;
  displayName: string;
  pipelineSlug: string;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date;
  steps: readonly ProvStep[];
  /** The account that lodged the run, named in the document as an agent. */
  lodgedBy?: { id: string; username: string };
}

function addValue(doc: ProvDocument, value: ValueEntity): void {
  doc.node(
    { id: value.id, item_category: 'ENTITY', item_subtype: 'VALUE', display_name: `value sha256:${value.sha256.slice(0, 12)}` },
    { 'runledger:sha256': value.sha256 },
  );
}

function addStep(doc: ProvDocument, runId: string, step: ProvStep): void {
  const { run: s } = step;
  const startTime = toUtcIso(s.startTime);
  doc.node(
    { id: step.id, item_category: 'ACTIVITY', item_subtype: 'STEP', display_name: `${s.providerName}:${s.invocation}` },
    {
      'prov:startTime': startTime,
      'prov:endTime': toUtcIso(s.endTime),
      'runledger:order': step.order,
      'runledger:invocation': s.invocation,
      'runledger:elapsed_time_ms': s.elapsedTime,
      'runledger:status': step.status,
      ...(s.error ? { 'runledger:error': s.error } : {}),
    },
  );
  doc.relate('wasStartedBy', step.id, runId, { 'prov:time': startTime });
  doc.relate('wasInformedBy', runId, step.id);

  const providerId = providerAgentId(s.providerName);
  doc.node({ id: providerId, item_category: 'AGENT', item_subtype: 'SOFTWARE', display_name: s.providerName });
  doc.relate('wasAssociatedWith', step.id, providerId, {
    'prov:role': 'runledger:provider',
    'runledger:model_params': canonicalJson(s.modelParams),
  });

  addValue(doc, step.inputs);
  doc.relate('used', step.id, step.inputs.id, { 'prov:role': 'runledger:inputs' });
  // A step that returned exactly what it was given made nothing new: no generation, no self-derivation.
  if (step.outputs.id === step.inputs.id) return;
  addValue(doc, step.outputs);
  doc.relate('wasGeneratedBy', step.outputs.id, step.id, { 'prov:role': 'runledger:outputs' });
  doc.relate('wasDerivedFrom', step.outputs.id, step.inputs.id);
}

export function buildPipelineRunProv(input: PipelineRunProvInput): ProvDocument {
  const doc = new ProvDocument();
  doc.node(
    { id: input.runId, item_category: 'ACTIVITY', item_subtype: 'MODEL_RUN', display_name: input.displayName },
    {
      'prov:startTime': input.startedAt.toISOString(),
      'prov:endTime': input.finishedAt.toISOString(),
      'runledger:kind': 'ingested',
      'runledger:pipeline': input.pipelineSlug,
      'runledger:status': input.status,
    },
  );
  if (input.lodgedBy) {
    doc.node({ id: input.lodgedBy.id, item_category: 'AGENT', item_subtype: 'USER', display_name: input.lodgedBy.username });
    doc.relate('wasAssociatedWith', input.runId, input.lodgedBy.id, { 'prov:role': 'runledger:lodger' });
  }
  for (const step of input.steps) addStep(doc, input.runId, step);
  return doc;
}

/** A step run as the store keeps it: instants in microseconds since the epoch, values as stored jsonb. */
export interface StoredStepRun {
  id: string;
  order: number;
  status: 'SUCCESS' | 'FAILED';
  providerName: string;
  invocation: string;
  modelParams: Record<string, unknown>;
  inputs: Record<string, unknown>;
  outputs: JsonValue;
  elapsedTime: number;
  startedAtMicros: number;
  finishedAtMicros: number;
  error: string | null;
}

/** An ingested run as the store keeps it, with its pipeline's slug and the lodger's node name. */
export interface StoredPipelineRun {
  runId: string;
  displayName: string;
  pipelineSlug: string;
  status: RunStatus;
  startedAtMicros: number;
  finishedAtMicros: number;
  lodgedBy?: { id: string; username: string };
  steps: readonly StoredStepRun[];
}

// The document keeps milliseconds, cut (not rounded) as toUtcIso cuts the instants a client sends.
const millisIso = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

/**
 * The PROV document of an ingested run, rebuilt from its stored rows: the same document buildPipelineRunProv
 * made from the request (times are kept to the microsecond and the document shows milliseconds; jsonb keeps
 * every value's canonical JSON, hence its digest), so it need not be stored beside the rows.
 */
export function pipelineRunProvFromStore(stored: StoredPipelineRun): ProvDocument {
  const steps: ProvStep[] = stored.steps.map((s) => ({
    id: s.id,
    order: s.order,
    status: s.status,
    run: {
      providerName: s.providerName,
      invocation: s.invocation,
      modelParams: s.modelParams,
      inputs: s.inputs,
      outputs: s.outputs,
      elapsedTime: s.elapsedTime,
      startTime: millisIso(s.startedAtMicros),
      endTime: millisIso(s.finishedAtMicros),
      ...(s.error !== null ? { error: s.error } : {}),
    },
    inputs: valueEntity(s.inputs),
    outputs: valueEntity(s.outputs),
  }));
  return buildPipelineRunProv({
    runId: stored.runId,
    displayName: stored.displayName,
    pipelineSlug: stored.pipelineSlug,
    status: stored.status,
    startedAt: new Date(Math.floor(stored.startedAtMicros / 1000)),
    finishedAt: new Date(Math.floor(stored.finishedAtMicros / 1000)),
    steps,
    ...(stored.lodgedBy ? { lodgedBy: stored.lodgedBy } : {}),
  });
}
