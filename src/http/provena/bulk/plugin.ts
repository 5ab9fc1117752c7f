// prov-api's /bulk/* routes: a CSV template for a workflow, the filled-in template back as model run
// records, and a submitted batch as a filled-in template.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { convertModelRunsCsv, generateTemplateCsv, regenerateBatchCsv } from '../../../services/provena-bulk-service.js';
import { described } from '../../components.js';
import { BatchQuery, CsvReply, ProvenaConvertModelRunsResponse, ProvenaCsvUpload, TemplateQuery } from './schemas.js';
import { acceptCsvUploads, readCsvUpload } from './upload.js';

const tags = ['provena prov-api'];
const CSV_TYPE = 'text/csv; charset=utf-8';

/** A CSV download as Provena's StreamingResponse sends it: text, named as an attachment. */
const sendCsv = (reply: FastifyReply, filename: string, csv: string) =>
  reply.type(CSV_TYPE).header('content-disposition', `attachment; filename="${filename}"`).send(csv);

export async function bulkRoutes(app: FastifyInstance): Promise<void> {
  await acceptCsvUploads(app);
  // The upload is read from the multipart stream by its handler; the body schema only documents it. The
  // query keeps the service scope's validation.
  const scoped = app.validatorCompiler!;
  app.setValidatorCompiler((route) => (route.httpPart === 'body' ? () => true : scoped(route)));
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/bulk/generate_template/csv', {
    schema: {
      tags,
      summary: 'A CSV template for lodging runs of a workflow (Provena)',
      description: 'One header row; fill in a row per run and upload it to /bulk/convert_model_runs/csv.',
      operationId: 'generateProvenaTemplateCsv',
      querystring: TemplateQuery,
      response: { 200: CsvReply('The template: its header row'), 400: Type.Ref('FastapiError') },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      const csv = await generateTemplateCsv(req.ctx, req.query.workflow_template_id);
      return sendCsv(reply, 'test.csv', csv);
    },
  });

  r.post('/bulk/convert_model_runs/csv', {
    schema: {
      tags,
      summary: 'Model run records from a filled-in CSV template (Provena)',
      description: 'Nothing is lodged: register the new records with /model_run/register.',
      operationId: 'convertProvenaModelRunsCsv',
      consumes: ['multipart/form-data'],
      body: ProvenaCsvUpload,
      response: { 200: described(ProvenaConvertModelRunsResponse, 'A record for each new row, and the job ids of rows already submitted'), 400: Type.Ref('FastapiError') },
    },
    config: { access: 'read' },
    handler: async (req) => {
      const converted = await convertModelRunsCsv(req.ctx, await readCsvUpload(req));
      return {
        status: { success: true, details: `Successfully generated model run records. There were ${converted.warnings.length} warnings.` },
        new_records: converted.newRecords,
        existing_records: converted.existingRecords,
        warnings: converted.warnings,
      };
    },
  });

  r.get('/bulk/regenerate_from_batch/csv', {
    schema: {
      tags,
      summary: 'A submitted batch as a filled-in CSV template (Provena)',
      description: 'One row per job of the batch, with its job id, status, lodged record id and error.',
      operationId: 'regenerateProvenaBatchCsv',
      querystring: BatchQuery,
      response: { 200: CsvReply('The template with a row per job'), 400: Type.Ref('FastapiError') },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      const csv = await regenerateBatchCsv(req.ctx, req.principal!, req.query.batch_id);
      return sendCsv(reply, 'model_runs.csv', csv);
    },
  });
}
