// Wire shapes of runs, steps and test results, shared by every run surface (Models API field names).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RUN_KINDS, RUN_STATUSES, STEP_STATUSES, TEST_STATUSES } from './run-status.js';
import type { JsonValue } from './storable-json.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Time = Nullable(Type.String({ format: 'date-time' }));
const JsonMapSchema = Type.Record(Type.String(), Type.Unknown());
const JsonObject = Nullable(JsonMapSchema);

export const RunStatusSchema = literals(RUN_STATUSES);
export const RunKindSchema = literals(RUN_KINDS);

export const RunSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: RunKindSchema,
  status: RunStatusSchema,
  display_name: Type.String(),
  trigger_type: Nullable(Type.String()),
  triggered_by: Nullable(Type.String()),
  project_name: Nullable(Type.String()),
  model_names: Nullable(Type.Array(Type.String())),
  full_refresh: Type.Boolean(),
  target_schema: Nullable(Type.String()),
  started_at: Time,
  finished_at: Time,
  error_message: Nullable(Type.String()),
  created_by: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});
export type RunView = Static<typeof RunSchema>;

export const StepSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  run_id: Type.String({ format: 'uuid' }),
  order: Type.Integer({ description: 'Position in the run' }),
  tier: Type.Integer({ description: 'DAG tier: 0 for steps with no dependency in the run' }),
  model_name: Type.String({ description: 'The SQL model, or the step name of an ingested step run' }),
  status: literals(STEP_STATUSES),
  materialization: Nullable(Type.String()),
  compiled_sql: Nullable(Type.String()),
  compiled_hash: Nullable(Type.String()),
  depends_on: Type.Array(Type.String()),
  rows_affected: Nullable(Type.Integer()),
  output_entity_id: Nullable(Type.String({ description: 'Lineage id of what the step produced' })),
  provider_name: Nullable(Type.String()),
  invocation: Nullable(Type.String()),
  model_params: JsonObject,
  inputs: JsonObject,
  outputs: Type.Unsafe<JsonValue>({ description: 'What an ingested step run returned, any JSON value as sent; null for SQL steps' }),
  elapsed_time: Nullable(Type.Integer({ description: 'Milliseconds' })),
  started_at: Time,
  finished_at: Time,
  error_message: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  // Steps that are trace spans (OTLP); null on every other step.
  parent_step_id: Nullable(Type.String({ format: 'uuid', description: "The step of the span's parent span" })),
  span_id: Nullable(Type.String({ description: 'The span id, 16 hex digits' })),
  span_kind: Nullable(Type.String({ description: 'INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER or UNSPECIFIED' })),
  attributes: JsonObject,
  events: Nullable(
    Type.Array(
      Type.Object({ name: Type.String(), time: Type.String({ format: 'date-time' }), attributes: Type.Record(Type.String(), Type.Unknown()) }),
      { description: 'Span events (exceptions among them), in the order sent' },
    ),
  ),
  usage: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'Token usage (gen_ai.usage.*), e.g. input_tokens' })),
  // Gentrace: what a step run was sent with that runledger does not interpret.
  extra: Type.Union([JsonMapSchema, Type.Null()], {
    description: "An ingested step run's fields that runledger does not interpret (e.g. cost), as sent",
  }),
});
export type StepView = Static<typeof StepSchema>;

export const TestResultSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  run_step_id: Nullable(Type.String({ format: 'uuid', description: 'The step tested; null for an evaluation of the whole run' })),
  test_id: Nullable(Type.String()),
  test_name: Type.String(),
  status: literals(TEST_STATUSES),
  rows_returned: Nullable(Type.Integer({ description: 'Rows that failed the test' })),
  error_message: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  // LLM evaluations (Gentrace) as test results of their run.
  run_id: Type.String({ format: 'uuid' }),
  score: Nullable(Type.Number({ description: "An evaluation's value" })),
  label: Nullable(Type.String({ description: "An evaluation's label" })),
  evaluation: Type.Union([JsonMapSchema, Type.Null()], { description: 'The evaluation this result came from, as sent; null for a SQL test' }),
});
export type TestResultView = Static<typeof TestResultSchema>;
