// What the Gentrace surface answers: the ingestion reply, runs in Gentrace's v2 read shape, and pipelines.
// Field names follow the SDKs' generated models, so their readers decode them as they decode Gentrace's own:
// every field those models require is present. RunV2 / RunV2StepRunsInner: gentrace-node
// packages/core/models/run-v2.ts and run-v2-step-runs-inner.ts (@gentrace/core 2.8 and 3.x), gentrace-python
// package/gentrace/model/run_v2.py (required: stepRunId, stepId, providerName, invocation, order, modelParams,
// inputs, outputs, elapsedTime, startTime, endTime, cost). Pipeline: packages/core/models/pipeline.ts and
// package/gentrace/model/pipeline.py (required: id, createdAt, updatedAt, labels, slug, organizationId,
// goldenDatasetId).
import { Type, type Static } from '@sinclair/typebox';
import type { JsonValue } from './storable-json.js';

const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const PipelineRunResponseSchema = Type.Object({
  pipelineRunId: Type.String({ format: 'uuid', description: 'The run id: the client id when one was sent' }),
});
export type PipelineRunResponse = Static<typeof PipelineRunResponseSchema>;

/**
 * runledger is one organisation; Gentrace's pipeline models require its id. A fixed UUID (uuidFromDigest of
 * the SHA-256 of "runledger:organization"), the same in every process and after every restart.
 */
export const ORGANIZATION_ID = 'd699dc83-e7f7-8564-bc25-85bc6e36c19e';

const Seconds = (description: string) =>
  Type.Number({ description: `${description}, in seconds since the Unix epoch (milliseconds as the fraction)` });

export const StepRunV2Schema = Type.Object({
  stepRunId: Type.String({ format: 'uuid', description: 'The step id, as /model-runs/{id}/steps serves it' }),
  stepId: Type.String({ format: 'uuid', description: 'The pipeline step: stable for one pipeline, provider and invocation' }),
  providerName: Type.String(),
  invocation: Type.String(),
  order: Type.Integer({ description: 'Position in the run, from 0' }),
  modelParams: JsonObject,
  inputs: JsonObject,
  outputs: Type.Unsafe<JsonValue>({
    description: 'As sent: an object, or (from @gentrace/core 2.8 measure()) an array, a scalar or null',
  }),
  elapsedTime: Type.Integer({ description: 'Milliseconds' }),
  startTime: Seconds('When the step started'),
  endTime: Seconds('When the step ended'),
  metadata: Type.Union([JsonObject, Type.Null()], { description: 'The run metadata' }),
  error: Type.Union([Type.String(), Type.Null()]),
  cost: Type.Number({ description: "The step run's cost in USD as the client sent it (a 3.x SDK's cost), else 0" }),
}, {
  additionalProperties: true,
  description: 'Also every other field the step run was sent with that runledger does not interpret, as sent.',
});
export type StepRunV2 = Static<typeof StepRunV2Schema>;

export const RunV2Schema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  stepRuns: Type.Array(StepRunV2Schema),
}, {
  additionalProperties: true,
  description: 'Also every run-level field the run was sent with that runledger does not interpret (e.g. path), as sent.',
});
export type RunV2 = Static<typeof RunV2Schema>;

export const PipelineSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  displayName: Type.String(),
  labels: Type.Array(Type.String(), { description: 'Always empty: ingestion sets no labels' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  archivedAt: Type.Null(),
  branch: Type.Null(),
  goldenDatasetId: Type.Null(),
  organizationId: Type.String({ format: 'uuid', description: 'runledger is one organisation: always the same id' }),
});
export type PipelineView = Static<typeof PipelineSchema>;

export const PipelineListSchema = Type.Object({
  pipelines: Type.Array(PipelineSchema),
  next_page_token: Type.Optional(Type.String()),
});
export type PipelineList = Static<typeof PipelineListSchema>;

/**
 * What a v2 step run adds to its known fields: the fields it was sent with that runledger does not interpret,
 * and `cost`, which every SDK model requires: the client's own when it sent a number, else 0.
 */
export function stepRunV2Extras(extra: Record<string, unknown> | null): Record<string, unknown> & { cost: number } {
  const cost = extra?.cost;
  return { ...extra, cost: typeof cost === 'number' && Number.isFinite(cost) ? cost : 0 };
}

/** The run-level fields a run was sent with that runledger does not interpret, kept in its record as `extra`. */
export function runV2Extras(record: Record<string, unknown> | null): Record<string, unknown> {
  const extra = record?.extra;
  return extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? (extra as Record<string, unknown>) : {};
}
