// prov-api's model-run request and response models, as pydantic v1 reads them: ids are any string (a bad
// one fails its registry look-up, 400), unknown fields are dropped, and the record-level rules are
// reported after the field faults, as 422 items.
import { Type } from '@sinclair/typebox';
import { MAX_RECORD_DATASETS, type ModelRunRecord } from '../../../domain/model-run-record.js';
import { StringMap } from '../../../domain/free-form.js';
import { component } from '../../components.js';
import { EXAMPLE_IDS, EXAMPLE_MODEL_RUN_RECORD } from '../../examples.js';
import type { FastapiErrorItem } from '../fastapi/errors.js';

// xsd:dateTime (and the PROV document) can write up to 9999-12-31T23:59:59Z; the run's times go there.
const UnixSeconds = Type.Integer({ minimum: -62135596800, maximum: 253402300799, description: 'Unix seconds' });

export const ProvenaTemplatedDatasetSchema = Type.Object(
  {
    dataset_template_id: Type.String(),
    dataset_id: Type.String(),
    dataset_type: Type.Literal('DATA_STORE'),
    resources: Type.Optional(StringMap('Deferred resource paths of the dataset, by key')),
  },
  { additionalProperties: false },
);

export const ProvenaModelRunRecordSchema = Type.Object(
  {
    workflow_template_id: Type.String(),
    model_version: Type.Optional(Type.String()),
    inputs: Type.Array(ProvenaTemplatedDatasetSchema, { maxItems: MAX_RECORD_DATASETS }),
    outputs: Type.Array(ProvenaTemplatedDatasetSchema, { maxItems: MAX_RECORD_DATASETS }),
    annotations: Type.Optional(StringMap('Annotations the workflow template asks for, by key')),
    display_name: Type.String(),
    description: Type.String(),
    study_id: Type.Optional(Type.String()),
    associations: Type.Object(
      { modeller_id: Type.String(), requesting_organisation_id: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
    start_time: UnixSeconds,
    end_time: UnixSeconds,
  },
  { additionalProperties: false, description: "Provena's ModelRunRecord" },
);

/** The record's own validators (empty names, start after end), as 422 items under `loc`. */
export function recordFaults(record: ModelRunRecord, loc: string[]): FastapiErrorItem[] {
  const items: FastapiErrorItem[] = [];
  for (const field of ['display_name', 'description'] as const) {
    if (record[field] === '') items.push({ loc: [...loc, field], msg: 'string must not be empty', type: 'value_error' });
  }
  if (record.start_time > record.end_time) {
    items.push({
      loc: [...loc, '__root__'],
      msg: `The 'start_time' value (${record.start_time}) must be smaller than or equal to the 'end_time' value (${record.end_time}).`,
      type: 'value_error',
    });
  }
  return items;
}

const Status = Type.Object({ success: Type.Boolean(), details: Type.String() });

export const RegisterModelRunResponseSchema = Type.Object(
  { status: Status, session_id: Type.Union([Type.String(), Type.Null()]) },
  { description: 'The job was queued: poll its session_id with the job API' },
);
export const RegisterBatchRequestSchema = Type.Object({
  records: Type.Array(ProvenaModelRunRecordSchema, { maxItems: MAX_RECORD_DATASETS }),
});
export const UpdateModelRunRequestSchema = Type.Object({
  model_run_id: Type.String(),
  reason: Type.String(),
  record: ProvenaModelRunRecordSchema,
});
export const UpdateModelRunResponseSchema = Type.Object({ session_id: Type.String() });
export const LinkToStudyQuerySchema = Type.Object({ model_run_id: Type.String(), study_id: Type.String() });
export const LinkToStudyResponseSchema = Type.Object({
  status: Status,
  model_run_id: Type.String(),
  study_id: Type.String(),
  session_id: Type.String(),
});
export const DeleteGraphRequestSchema = Type.Object({ record_id: Type.String(), trial_mode: Type.Boolean({ default: false }) });

const DiffNodeSchema = Type.Object({
  id: Type.String(),
  props: Type.Object({ record_ids: Type.Array(Type.String()) }),
  subtype: Type.String(),
  category: Type.String(),
});
const DiffLinkSchema = Type.Object({
  source: DiffNodeSchema,
  target: DiffNodeSchema,
  relation: Type.String(),
  props: Type.Object({ record_ids: Type.Array(Type.String()) }),
});
export const DeleteGraphResponseSchema = Type.Object({
  diff: Type.Array(
    Type.Object({
      action_type: Type.String(),
      node_id: Type.Optional(Type.String()),
      record_id: Type.Optional(Type.String()),
      link: Type.Optional(DiffLinkSchema),
    }),
  ),
});

// Provena's names for its models, prefixed: runledger's own surfaces have shapes of the same names.
export const ProvenaModelRunRecord = component('ProvenaModelRunRecord', ProvenaModelRunRecordSchema, { examples: [EXAMPLE_MODEL_RUN_RECORD] });
export const ProvenaRegisterModelRunResponse = component('ProvenaRegisterModelRunResponse', RegisterModelRunResponseSchema);
export const ProvenaRegisterBatchRequest = component('ProvenaRegisterBatchRequest', RegisterBatchRequestSchema, {
  examples: [{ records: [EXAMPLE_MODEL_RUN_RECORD] }],
});
export const ProvenaUpdateModelRunRequest = component('ProvenaUpdateModelRunRequest', UpdateModelRunRequestSchema, {
  examples: [{ model_run_id: EXAMPLE_IDS.modelRun, reason: 'Corrected the end time', record: EXAMPLE_MODEL_RUN_RECORD }],
});
export const ProvenaUpdateModelRunResponse = component('ProvenaUpdateModelRunResponse', UpdateModelRunResponseSchema);
export const ProvenaAddStudyLinkResponse = component('ProvenaAddStudyLinkResponse', LinkToStudyResponseSchema);
export const ProvenaDeleteGraphRequest = component('ProvenaDeleteGraphRequest', DeleteGraphRequestSchema, {
  examples: [{ record_id: EXAMPLE_IDS.modelRun, trial_mode: true }],
});
export const ProvenaDeleteGraphResponse = component('ProvenaDeleteGraphResponse', DeleteGraphResponseSchema);
