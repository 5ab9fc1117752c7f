// What the Gentrace surface answers: the ingestion reply, runs in Gentrace's v2 read shape, and pipelines.
// Field names follow the @gentrace/core 2.8 models (RunResponse, RunV2, Pipeline), so its getRun() and
// getPipelines() read them as they read Gentrace's own.
import { Type, type Static } from '@sinclair/typebox';

const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const PipelineRunResponseSchema = Type.Object({
  pipelineRunId: Type.String({ format: 'uuid', description: 'The run id: the client id when one was sent' }),
});
export type PipelineRunResponse = Static<typeof PipelineRunResponseSchema>;

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
  outputs: JsonObject,
  elapsedTime: Type.Integer({ description: 'Milliseconds' }),
  startTime: Seconds('When the step started'),
  endTime: Seconds('When the step ended'),
  metadata: Type.Union([JsonObject, Type.Null()], { description: 'The run metadata' }),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const RunV2Schema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  stepRuns: Type.Array(StepRunV2Schema),
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
});
export type PipelineView = Static<typeof PipelineSchema>;

export const PipelineListSchema = Type.Object({
  pipelines: Type.Array(PipelineSchema),
  next_page_token: Type.Optional(Type.String()),
});
export type PipelineList = Static<typeof PipelineListSchema>;
