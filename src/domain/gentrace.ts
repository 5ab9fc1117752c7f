// Gentrace ingestion: the two wire shapes (the SDK's flattened POST /api/v1/run and the original nested
// POST /api/v1/pipeline-run, camelCase or the Python SDK's snake_case), read into one IngestRun.
// The route schemas say what is required, in which spelling; the rules a schema cannot say (times with an
// offset that exist, endTime ≥ startTime, values PostgreSQL can store) are checked here, naming the field as sent.
// Liberal in what it accepts: a field runledger does not know (newer SDKs add some: @gentrace/core 3.x sends
// `evaluations`, read models carry `path` and a step's `cost`) is kept as sent, in `extra`, never refused; and
// a step's `outputs` may be any JSON value (@gentrace/core 2.8 `measure()` sends an array or null as it is).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import canonicalize from 'canonicalize';
import { Errors, fail } from './errors.js';
import { AnyJson, JsonMap } from './free-form.js';
import { EvaluationsSchema, type Evaluation } from './gentrace-evaluations.js';
import { parseInstant } from './gentrace-values.js';
import { MAX_STORED_INTEGER, checkStorableJson, checkStorableText, type JsonValue } from './storable-json.js';

/** Enough for any real pipeline, and it keeps each multi-row insert far below PostgreSQL's 65,535 parameters. */
export const MAX_STEP_RUNS = 1000;

type JsonMap = Record<string, unknown>;

/** `{type: [T, "null"]}` rather than anyOf, so a wrong type gets one clear message. */
function orNull<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type: string } & Record<string, unknown>;
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'] });
}
const JsonObject = (description: string) => JsonMap(description);
const Outputs = AnyJson<JsonValue>('What the step returned, as sent');
const Text = (description: string) => Type.String({ minLength: 1, maxLength: 1000, description });
const Time = (description: string) =>
  Type.String({ description: `${description}: ISO 8601 date-time with an offset, e.g. 2024-05-01T12:00:00.000Z` });
// At most what the store's integer column holds (about 24.8 days).
const Elapsed = Type.Integer({ minimum: 0, maximum: MAX_STORED_INTEGER, description: 'Milliseconds the step took' });
const ErrorText = orNull(Type.String({ description: 'Why the run or step failed; its presence makes it FAILED' }));
const Steps = <T extends TSchema>(item: T) => Type.Array(item, { maxItems: MAX_STEP_RUNS });
/** A field that must come in exactly one of two spellings (camelCase, or the Python SDK's snake_case). */
const oneSpelling = (camel: string, snake: string) => ({ oneOf: [{ required: [camel] }, { required: [snake] }] });

const StepRunSchema = Type.Object(
  {
    providerName: Text('Who was called, e.g. openai'),
    invocation: Text('What was called, e.g. openai_createChatCompletion'),
    modelParams: JsonObject('Parameters of the call, e.g. {"model": "gpt-4"}'),
    inputs: JsonObject('What the step was given'),
    outputs: Outputs,
    elapsedTime: Elapsed,
    startTime: Time('When the step started'),
    endTime: Time('When the step ended'),
    context: Type.Optional(JsonObject('Client context (user id, render hints)')),
    error: Type.Optional(ErrorText),
  },
  { additionalProperties: true },
);

/** POST /api/v1/run, as @gentrace/core 2.8 and 3.x send it. */
export const RunRequestSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Client-minted run id; resubmitting it is idempotent' }),
    slug: Type.Optional(Text('The pipeline, created on first use')),
    name: Type.Optional(Text('The pipeline, when no slug is given; also its display name')),
    metadata: Type.Optional(orNull(JsonObject('Run metadata'))),
    collectionMethod: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('runner')])),
    previousRunId: Type.Optional(orNull(Type.String({ format: 'uuid' }))),
    error: Type.Optional(ErrorText),
    stepRuns: Steps(StepRunSchema),
    evaluations: Type.Optional(EvaluationsSchema),
  },
  // The pipeline is named by slug, or else by name.
  { additionalProperties: true, anyOf: [{ required: ['slug'] }, { required: ['name'] }] },
);
export type RunRequestBody = Static<typeof RunRequestSchema>;

const ProviderSchema = Type.Object(
  {
    name: Text('Who was called, e.g. openai'),
    invocation: Text('What was called'),
    modelParams: Type.Optional(JsonObject('Parameters of the call')),
    model_params: Type.Optional(JsonObject('modelParams, as the Python SDK names it')),
    inputs: JsonObject('What the step was given'),
    outputs: Outputs,
  },
  { additionalProperties: true, allOf: [oneSpelling('modelParams', 'model_params')] },
);

const NestedStepRunSchema = Type.Object(
  {
    provider: ProviderSchema,
    elapsedTime: Type.Optional(Elapsed),
    elapsed_time: Type.Optional(Elapsed),
    startTime: Type.Optional(Time('When the step started')),
    start_time: Type.Optional(Time('startTime, as the Python SDK names it')),
    endTime: Type.Optional(Time('When the step ended')),
    end_time: Type.Optional(Time('endTime, as the Python SDK names it')),
    error: Type.Optional(ErrorText),
  },
  {
    additionalProperties: true,
    allOf: [oneSpelling('elapsedTime', 'elapsed_time'), oneSpelling('startTime', 'start_time'), oneSpelling('endTime', 'end_time')],
  },
);

/** POST /api/v1/pipeline-run, Gentrace's original PipelineRunRequest; each field in either spelling. */
export const PipelineRunRequestSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'Minted by the server when absent' })),
    name: Text('The pipeline, created on first use'),
    stepRuns: Type.Optional(Steps(NestedStepRunSchema)),
    step_runs: Type.Optional(Steps(NestedStepRunSchema)),
  },
  { additionalProperties: true, allOf: [oneSpelling('stepRuns', 'step_runs')] },
);
export type PipelineRunRequestBody = Static<typeof PipelineRunRequestSchema>;

/** One step run, whichever shape it came in. */
export interface IngestStepRun {
  providerName: string;
  invocation: string;
  modelParams: JsonMap;
  inputs: JsonMap;
  outputs: JsonValue;
  context?: JsonMap;
  elapsedTime: number;
  startTime: string;
  endTime: string;
  error?: string | null;
  /** Fields runledger does not interpret (e.g. `cost`), as sent; absent when there were none. */
  extra?: JsonMap;
}

/** A run to ingest. Its canonical JSON is what a resubmission of the same id is compared by. */
export interface IngestRun {
  id?: string;
  slug: string;
  name?: string;
  metadata?: JsonMap | null;
  collectionMethod?: string;
  previousRunId?: string | null;
  error?: string | null;
  stepRuns: IngestStepRun[];
  evaluations?: Evaluation[];
  /** Run-level fields runledger does not interpret (e.g. `path`), as sent; absent when there were none. */
  extra?: JsonMap;
}

type StepField = keyof IngestStepRun;
/** Where each field of a step sat in the request as sent, for error details; `extra` is the step itself. */
type StepLabels = Record<StepField, string>;
const STEP_FIELDS: readonly Exclude<StepField, 'extra'>[] = [
  'providerName', 'invocation', 'modelParams', 'inputs', 'outputs', 'context', 'elapsedTime', 'startTime', 'endTime', 'error',
];
const KNOWN_STEP_FIELDS: ReadonlySet<string> = new Set(STEP_FIELDS);
const KNOWN_RUN_FIELDS: ReadonlySet<string> = new Set([
  'id', 'slug', 'name', 'metadata', 'collectionMethod', 'previousRunId', 'error', 'stepRuns', 'evaluations',
]);
const KNOWN_NESTED_RUN_FIELDS: ReadonlySet<string> = new Set(['id', 'name', 'stepRuns', 'step_runs']);
const KNOWN_NESTED_STEP_FIELDS: ReadonlySet<string> = new Set([
  'provider', 'elapsedTime', 'elapsed_time', 'startTime', 'start_time', 'endTime', 'end_time', 'error',
]);
const KNOWN_PROVIDER_FIELDS: ReadonlySet<string> = new Set(['name', 'invocation', 'modelParams', 'model_params', 'inputs', 'outputs']);

/** The members of `value` not named in `known`, or undefined when there are none. */
function extraFields(value: object, known: ReadonlySet<string>): JsonMap | undefined {
  let extra: JsonMap | undefined;
  for (const [key, item] of Object.entries(value)) if (!known.has(key)) (extra ??= {})[key] = item;
  return extra;
}

/** `value` with its unknown members moved under `extra`; the very object when it has none. */
function keepingExtra<T extends object>(value: T, known: ReadonlySet<string>): T & { extra?: JsonMap } {
  const extra = extraFields(value, known);
  if (extra === undefined) return value;
  const kept = Object.fromEntries(Object.entries(value).filter(([key]) => known.has(key))) as T;
  return { ...kept, extra };
}

/** As schema failures are reported: the detail says `body.<field>`, errors[] the field alone. */
function invalid(field: string, message: string): never {
  return fail(Errors.validation, `${field} ${message}`, { errors: [{ field: field.replace(/^body\./, ''), message }] });
}

/** The value under whichever of two spellings the client used, with the path it used. */
function either<T>(camel: T | undefined, snake: T | undefined, at: string, names: [string, string]): { value: T; path: string } {
  const [camelPath, snakePath] = [`${at}.${names[0]}`, `${at}.${names[1]}`];
  if (camel !== undefined && snake !== undefined) invalid(snakePath, `repeats ${camelPath}; send one of them`);
  if (camel !== undefined) return { value: camel, path: camelPath };
  if (snake !== undefined) return { value: snake, path: snakePath };
  return invalid(camelPath, `is required (or ${names[1]})`);
}

function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) invalid(path, 'is required');
  return value;
}

function checkStep(step: IngestStepRun, label: StepLabels): void {
  const start = parseInstant(step.startTime);
  if (start === undefined) invalid(label.startTime, 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-01T12:00:00Z');
  const end = parseInstant(step.endTime);
  if (end === undefined) invalid(label.endTime, 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-01T12:00:00Z');
  if (end < start) invalid(label.endTime, `is before ${label.startTime}`);
  for (const field of ['providerName', 'invocation', 'error'] as const) checkStorableText(step[field], label[field], invalid);
  for (const field of ['modelParams', 'inputs', 'outputs', 'context', 'extra'] as const) checkStorableJson(step[field], label[field], invalid);
}

function checkRun(run: IngestRun, labels: StepLabels[]): IngestRun {
  for (const field of ['slug', 'name', 'error'] as const) checkStorableText(run[field], `body.${field}`, invalid);
  checkStorableJson(run.metadata, 'body.metadata', invalid);
  checkStorableJson(run.evaluations, 'body.evaluations', invalid);
  checkStorableJson(run.extra, 'body', invalid);
  run.stepRuns.forEach((step, i) => checkStep(step, labels[i]!));
  return run;
}

export function readRunRequest(body: RunRequestBody): IngestRun {
  const slug = body.slug ?? body.name;
  if (slug === undefined) invalid('body.slug', 'is required (or name): it names the pipeline');
  const labels = body.stepRuns.map((_, i) => {
    const at = `body.stepRuns[${i}]`;
    return { ...Object.fromEntries(STEP_FIELDS.map((f) => [f, `${at}.${f}`])), extra: at } as StepLabels;
  });
  const { stepRuns, ...rest } = keepingExtra(body, KNOWN_RUN_FIELDS);
  return checkRun({ ...rest, slug, stepRuns: stepRuns.map((s) => keepingExtra(s, KNOWN_STEP_FIELDS)) }, labels);
}

type NestedStepRun = Static<typeof NestedStepRunSchema>;

function readNestedStep(raw: NestedStepRun, at: string): { step: IngestStepRun; label: StepLabels } {
  const provider = required(raw.provider, `${at}.provider`);
  const p = `${at}.provider`;
  const modelParams = either(provider.modelParams, provider.model_params, p, ['modelParams', 'model_params']);
  const elapsed = either(raw.elapsedTime, raw.elapsed_time, at, ['elapsedTime', 'elapsed_time']);
  const start = either(raw.startTime, raw.start_time, at, ['startTime', 'start_time']);
  const end = either(raw.endTime, raw.end_time, at, ['endTime', 'end_time']);
  const step: IngestStepRun = {
    providerName: required(provider.name, `${p}.name`),
    invocation: required(provider.invocation, `${p}.invocation`),
    modelParams: modelParams.value,
    inputs: required(provider.inputs, `${p}.inputs`),
    outputs: required(provider.outputs, `${p}.outputs`),
    elapsedTime: elapsed.value,
    startTime: start.value,
    endTime: end.value,
    ...(raw.error !== undefined ? { error: raw.error } : {}),
  };
  // The provider's own unknown fields sit under `provider`, a name no unknown step field can have.
  const providerExtra = extraFields(provider, KNOWN_PROVIDER_FIELDS);
  const extra = { ...extraFields(raw, KNOWN_NESTED_STEP_FIELDS), ...(providerExtra ? { provider: providerExtra } : {}) };
  if (Object.keys(extra).length > 0) step.extra = extra;
  const label: StepLabels = {
    providerName: `${p}.name`,
    invocation: `${p}.invocation`,
    modelParams: modelParams.path,
    inputs: `${p}.inputs`,
    outputs: `${p}.outputs`,
    context: `${at}.context`,
    elapsedTime: elapsed.path,
    startTime: start.path,
    endTime: end.path,
    error: `${at}.error`,
    extra: at,
  };
  return { step, label };
}

export function readPipelineRunRequest(body: PipelineRunRequestBody): IngestRun {
  const name = required(body.name, 'body.name');
  const steps = either(body.stepRuns, body.step_runs, 'body', ['stepRuns', 'step_runs']);
  const read = steps.value.map((raw, i) => readNestedStep(raw, `${steps.path}[${i}]`));
  const extra = extraFields(body, KNOWN_NESTED_RUN_FIELDS);
  const run: IngestRun = { ...(body.id ? { id: body.id } : {}), slug: name, name, stepRuns: read.map((r) => r.step), ...(extra ? { extra } : {}) };
  return checkRun(run, read.map((r) => r.label));
}

/** RFC 8785 canonical JSON: equal values give equal text, whatever the key order or spacing sent. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonical JSON of a value with no JSON form');
  return text;
}

const hasError = (error: string | null | undefined) => typeof error === 'string' && error !== '';

/** The run's error, or else the first failed step's, prefixed with where it happened. */
export function runErrorMessage(run: IngestRun): string | null {
  if (hasError(run.error)) return run.error!;
  const index = run.stepRuns.findIndex((s) => hasError(s.error));
  return index < 0 ? null : `stepRuns[${index}]: ${run.stepRuns[index]!.error}`;
}

export function isStepFailed(step: IngestStepRun): boolean {
  return hasError(step.error);
}
