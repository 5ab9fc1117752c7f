// job-api's JobStatusTable and its list and fetch models.
import { Type } from '@sinclair/typebox';
import { JOB_STATUSES, JOB_SUB_TYPES, JOB_TYPES } from '../../../domain/provena-jobs.js';
import { component } from '../../components.js';

const AnyObject = Type.Object({}, { additionalProperties: true });

export const JobStatusTableSchema = Type.Object({
  session_id: Type.String({ format: 'uuid' }),
  created_timestamp: Type.Integer({ description: 'Unix seconds' }),
  username: Type.String(),
  batch_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  payload: AnyObject,
  job_type: Type.Union(JOB_TYPES.map((t) => Type.Literal(t))),
  job_sub_type: Type.Union(JOB_SUB_TYPES.map((t) => Type.Literal(t))),
  gsi_status: Type.Literal('ok'),
  status: Type.Union(JOB_STATUSES.map((t) => Type.Literal(t))),
  info: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([AnyObject, Type.Null()]),
});

export const FetchJobQuerySchema = Type.Object({ session_id: Type.String() });
export const FetchJobResponseSchema = Type.Object({ job: JobStatusTableSchema });

const PaginationKey = Type.Object({}, { additionalProperties: true, description: 'Opaque: echo the pagination_key of the previous page' });
const Limit = Type.Integer({ minimum: 1, default: 10, description: 'Jobs per page (at most 100 are returned)' });

export const ListJobsRequestSchema = Type.Object({ pagination_key: Type.Optional(PaginationKey), limit: Limit });
export const ListBatchRequestSchema = Type.Object({ batch_id: Type.String(), pagination_key: Type.Optional(PaginationKey), limit: Limit });
export const ListJobsResponseSchema = Type.Object({
  jobs: Type.Array(JobStatusTableSchema),
  pagination_key: Type.Union([PaginationKey, Type.Null()]),
});

// Provena's names for its models, prefixed: runledger's own surfaces have shapes of the same names.
export const ProvenaGetJobResponse = component('ProvenaGetJobResponse', FetchJobResponseSchema);
export const ProvenaListJobsRequest = component('ProvenaListJobsRequest', ListJobsRequestSchema, { examples: [{ limit: 10 }] });
export const ProvenaListBatchJobsRequest = component('ProvenaListBatchJobsRequest', ListBatchRequestSchema, {
  examples: [{ batch_id: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f82', limit: 10 }],
});
export const ProvenaListJobsResponse = component('ProvenaListJobsResponse', ListJobsResponseSchema);
