import { Type } from '@sinclair/typebox';
import { component } from '../components.js';
import { EXAMPLE_MODEL_RUN_RECORD } from '../examples.js';
import { MAX_BATCH_RECORDS } from '../../services/model-run-batch.js';

export const BatchRequestSchema = component(
  'ModelRunBatch',
  Type.Object(
  {
    records: Type.Array(
      Type.Object(
        {
          key: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description:
                'Idempotency key, unique within the batch. A record sent again with a key of yours that made a run ' +
                'is answered `existing` with that run, and lodged no second time; another record under that key is refused.',
            }),
          ),
          record: Type.Object({}, {
            additionalProperties: true,
            description: 'A register_complete body (ModelRunRecord). Checked record by record: a faulty one is refused alone.',
          }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_BATCH_RECORDS },
    ),
  },
  { additionalProperties: false },
  ),
  { examples: [{ records: [{ key: 'calibration-2024-01', record: EXAMPLE_MODEL_RUN_RECORD }] }] },
);

const FaultSchema = Type.Object({
  error_code: Type.String({ description: 'runledger’s stable error code (docs/errors.md)' }),
  status: Type.Integer({ description: 'The HTTP status this record alone would have had from register_complete' }),
  detail: Type.String({ description: 'What is wrong, naming the field or id at fault' }),
  field: Type.Optional(Type.String({ description: 'The field at fault, as a path in the record (or `key`)' })),
});

export const BatchResponseSchema = component(
  'ModelRunBatchResults',
  Type.Object(
  {
    results: Type.Array(
      Type.Object({
        index: Type.Integer({ description: 'Position of the record in the request' }),
        key: Type.Optional(Type.String()),
        status: Type.Union([Type.Literal('lodged'), Type.Literal('existing'), Type.Literal('refused')], {
          description: '`lodged` now; `existing`: lodged before under this key; `refused`: not lodged, see `error`',
        }),
        id: Type.Optional(Type.String({ format: 'uuid', description: 'The run, when lodged or existing' })),
        error: Type.Optional(FaultSchema),
      }),
    ),
    lodged: Type.Integer(),
    existing: Type.Integer(),
    refused: Type.Integer(),
  },
  { description: 'One result per record, in request order' },
  ),
);
