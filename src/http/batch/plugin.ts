// POST /model-runs/batch: many register_complete records in one request, for bulk imports.
import type { ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Errors } from '../../domain/errors.js';
import { ModelRunRecordSchema, type ModelRunRecord } from '../../domain/model-run-record.js';
import { MAX_BATCH_RECORDS, lodgeModelRunBatch, type BatchEntry } from '../../services/model-run-batch.js';
import { described } from '../components.js';
import { makeAjv } from '../plugins/validation.js';
import { problems } from '../problem-schema.js';
import { summariseIssues, type AjvIssue } from '../validation-issues.js';
import { BatchRequestSchema, BatchResponseSchema } from './schemas.js';

export default async function batchPlugin(app: FastifyInstance): Promise<void> {
  // Records are checked one by one, with the validator register_complete's body gets, so that one faulty
  // record is refused alone rather than failing the whole batch.
  // Compiled at the first batch, as route validators are (lazy-schemas.ts).
  let checkRecord: ValidateFunction<ModelRunRecord> | undefined;

  function parseEntry(entry: { key?: string; record: object }): BatchEntry {
    const key = entry.key === undefined ? {} : { key: entry.key };
    checkRecord ??= makeAjv({ coerceTypes: false }).compile<ModelRunRecord>(ModelRunRecordSchema);
    if (checkRecord(entry.record)) return { ...key, record: entry.record };
    const [first, ...rest] = summariseIssues((checkRecord.errors ?? []) as AjvIssue[], 'record');
    const detail = [first!, ...rest].map((i) => `${i.field} ${i.message}`).join('; ');
    return { ...key, fault: { error_code: Errors.validation.code, status: Errors.validation.status, detail, field: first!.field } };
  }

  app.withTypeProvider<TypeBoxTypeProvider>().post('/model-runs/batch', {
    schema: {
      tags: ['runs'],
      summary: 'Validate and lodge many completed model runs',
      description:
        `Up to ${MAX_BATCH_RECORDS} register_complete records. Every record is validated as register_complete validates ` +
        'one; the valid ones are lodged together in one transaction (each with its PROV document and lineage), the ' +
        'others refused with the reason. A record is lodged whole or not at all. Send a `key` with each record to ' +
        'make a retry safe: a key of yours that already made a run answers `existing` with that run.',
      operationId: 'lodgeModelRunBatch',
      body: BatchRequestSchema,
      response: { 200: described(BatchResponseSchema, 'One result per record, in request order: lodged, existing or refused'), ...problems(400, 401, 403, 413, 429) },
    },
    config: { access: 'write' },
    handler: async (req) => lodgeModelRunBatch(req.ctx, req.body.records.map(parseEntry), req.principal!),
  });
}
