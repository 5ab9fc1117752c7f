// Wire shapes of runs, steps and test results, shared by every run surface (Models API field names). As
// the Data Platform does, a member with no value is absent, never null; runledger's own members (kind,
// display_name, order, lineage ids, what ingested steps carry) follow the same rule.
import { Type, type Static } from '@sinclair/typebox';
import { RUN_KINDS, RUN_STATUSES, STEP_STATUSES, TEST_STATUSES, TRIGGER_TYPES } from './run-status.js';
import type { JsonValue } from './storable-json.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Time = Type.Optional(Type.String({ format: 'date-time' }));
const JsonMapSchema = Type.Record(Type.String(), Type.Unknown());
const Names = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

export const RunStatusSchema = literals(RUN_STATUSES);
export const RunKindSchema = literals(RUN_KINDS);

export const CompileDiagnosticsSchema = Type.Object(
  { warnings: Type.Array(Type.String()), errors: Type.Array(Type.String()) },
  { description: 'Non-fatal diagnostics of compiling the run (e.g. a source() no project setting declares)' },
);
export type CompileDiagnostics = Static<typeof CompileDiagnosticsSchema>;

export const RunSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: RunKindSchema,
  status: RunStatusSchema,
  display_name: Type.String(),
  trigger_type: Type.Optional(literals(TRIGGER_TYPES)),
  triggered_by: Type.Optional(Type.String()),
  project_name: Type.Optional(Type.String()),
  model_names: Names('The selectors the run was triggered with'),
  full_refresh: Type.Boolean(),
  target_schema: Type.Optional(Type.String()),
  vars: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'The vars the trigger sent' })),
  compile_manifest: Type.Optional(Type.String({ description: 'JSON: {version, models: [{model_name, compiled_hash, depends_on, vars_used, macros_used}]}' })),
  compile_diagnostics: Type.Optional(CompileDiagnosticsSchema),
  started_at: Time,
  finished_at: Time,
  error_message: Type.Optional(Type.String()),
  created_by: Type.Optional(Type.String({ description: 'Id of the user or API key that created the run' })),
  pipeline_id: Type.Optional(Type.String({ description: 'Ingested runs: the pipeline they belong to' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time', description: 'When the run last changed (status, times)' }),
});
export type RunView = Static<typeof RunSchema>;

export const StepSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  run_id: Type.String({ format: 'uuid' }),
  order: Type.Integer({ description: 'Position in the run' }),
  tier: Type.Integer({ description: 'DAG tier: 0 for steps with no dependency in the run' }),
  model_name: Type.String({ description: 'The SQL model as `project.name`, or the step name of an ingested step run' }),
  status: literals(STEP_STATUSES),
  materialization: Type.Optional(Type.String()),
  compiled_sql: Type.Optional(Type.String({ description: "The model's SELECT as it was compiled for this run" })),
  compiled_hash: Type.Optional(Type.String()),
  depends_on: Names('Models (`project.name`) and sources (`source:s.t`) the step reads'),
  vars_used: Names('Vars the template read'),
  macros_used: Names('Macros the model calls'),
  rows_affected: Type.Optional(Type.Integer()),
  output_entity_id: Type.Optional(Type.String({ description: 'Lineage id of what the step produced' })),
  provider_name: Type.Optional(Type.String()),
  invocation: Type.Optional(Type.String()),
  model_params: Type.Optional(JsonMapSchema),
  inputs: Type.Optional(JsonMapSchema),
  outputs: Type.Optional(Type.Unsafe<JsonValue>({ description: 'What an ingested step run returned, any JSON value as sent; absent for SQL steps' })),
  elapsed_time: Type.Optional(Type.Integer({ description: 'Milliseconds' })),
  started_at: Time,
  finished_at: Time,
  error_message: Type.Optional(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  // Steps that are trace spans (OTLP).
  parent_step_id: Type.Optional(Type.String({ format: 'uuid', description: "The step of the span's parent span" })),
  span_id: Type.Optional(Type.String({ description: 'The span id, 16 hex digits' })),
  span_kind: Type.Optional(Type.String({ description: 'INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER or UNSPECIFIED' })),
  attributes: Type.Optional(JsonMapSchema),
  events: Type.Optional(
    Type.Array(
      Type.Object({ name: Type.String(), time: Type.String({ format: 'date-time' }), attributes: Type.Record(Type.String(), Type.Unknown()) }),
      { description: 'Span events (exceptions among them), in the order sent' },
    ),
  ),
  usage: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Token usage (gen_ai.usage.*), e.g. input_tokens' })),
  // Gentrace: what a step run was sent with that runledger does not interpret.
  extra: Type.Optional(JsonMapSchema),
});
export type StepView = Static<typeof StepSchema>;

export const TestResultSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  run_step_id: Type.Optional(Type.String({ format: 'uuid', description: 'The step tested; absent for an evaluation of the whole run' })),
  test_id: Type.Optional(Type.String()),
  test_name: Type.String(),
  status: literals(TEST_STATUSES),
  rows_returned: Type.Optional(Type.Integer({ description: 'Rows that failed the test' })),
  error_message: Type.Optional(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  // LLM evaluations (Gentrace) as test results of their run.
  run_id: Type.String({ format: 'uuid' }),
  score: Type.Optional(Type.Number({ description: "An evaluation's value" })),
  label: Type.Optional(Type.String({ description: "An evaluation's label" })),
  evaluation: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'The evaluation this result came from, as sent; absent for a SQL test' })),
});
export type TestResultView = Static<typeof TestResultSchema>;

type NullableKeys<T> = { [K in keyof T]: null extends T[K] ? K : never }[keyof T];
/** `fields` with every null member left out: what the members that may be null become on the wire. */
export type WithoutNulls<T> = Omit<T, NullableKeys<T>> & { [K in NullableKeys<T>]?: Exclude<T[K], null> };

export function withoutNulls<T extends object>(fields: T): WithoutNulls<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as WithoutNulls<T>;
}

/** An empty list is no value either: the platform omits it. */
export const nonEmpty = <T>(list: readonly T[] | null | undefined): T[] | null => (list && list.length > 0 ? [...list] : null);
