// job-api's user routes: what provenaclient polls after each prov-api call, and pages through.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { fetchJob, listBatchJobs, listJobs } from '../../../services/provena-jobs-service.js';
import { described } from '../../components.js';
import { FetchJobQuerySchema, ProvenaGetJobResponse, ProvenaListBatchJobsRequest, ProvenaListJobsRequest, ProvenaListJobsResponse } from './schemas.js';

const TAG = 'provena job-api';

export default async function jobRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/jobs/user/fetch', {
    schema: {
      tags: [TAG],
      summary: 'One of your jobs',
      description: 'An unknown session id is 400 "Item was not found." (the client polls on it); another user\'s job is 401.',
      operationId: 'fetchProvenaJob',
      querystring: FetchJobQuerySchema,
      response: { 200: described(ProvenaGetJobResponse, 'The job, with its status and result'), 400: Type.Ref('FastapiError') },
    },
    config: { access: 'read' },
    handler: async (req) => fetchJob(req.ctx, req.query.session_id, req.principal!),
  });

  r.post('/jobs/user/list', {
    schema: {
      tags: [TAG],
      summary: 'Your jobs, newest first',
      description: 'Pages of up to `limit` jobs; pass back pagination_key for the next page, which is null on the last.',
      operationId: 'listProvenaJobs',
      body: ProvenaListJobsRequest,
      response: { 200: described(ProvenaListJobsResponse, 'A page of your jobs, and the key of the next'), 400: Type.Ref('FastapiError') },
    },
    config: { access: 'read' },
    handler: async (req) => listJobs(req.ctx, req.principal!, req.body),
  });

  r.post('/jobs/user/list_batch', {
    schema: {
      tags: [TAG],
      summary: "A batch's jobs, newest first",
      description: 'As /jobs/user/list, for the jobs of one batch; 401 if a job on the page is not yours.',
      operationId: 'listProvenaBatchJobs',
      body: ProvenaListBatchJobsRequest,
      response: { 200: described(ProvenaListJobsResponse, 'A page of the batch’s jobs, and the key of the next'), 400: Type.Ref('FastapiError') },
    },
    config: { access: 'read' },
    handler: async (req) => listBatchJobs(req.ctx, req.principal!, req.body),
  });
}
