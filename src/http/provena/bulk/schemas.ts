import { Type } from '@sinclair/typebox';
import { ModelRunRecordSchema } from '../../../domain/model-run-record.js';
import { component } from '../../components.js';

export const TemplateQuery = Type.Object({ workflow_template_id: Type.String({ description: 'A model run workflow template id' }) });
export const BatchQuery = Type.Object({ batch_id: Type.String({ description: 'The batch id in the result of a batch-submit job' }) });

/** A CSV reply: documented by media type, so the OpenAPI document says text/csv rather than JSON. */
export const CsvReply = (description: string) => ({
  description,
  content: { 'text/csv': { schema: Type.String({ description: 'CSV text (CRLF line ends)' }) } },
});

export const ProvenaCsvUpload = component(
  'ProvenaCsvUpload',
  Type.Object({ csv_file: Type.String({ format: 'binary', description: 'The filled-in template, UTF-8 CSV' }) }),
  { examples: [{ csv_file: 'workflow_template_id,display_name,description,...\r\n' }] },
);

export const ProvenaConvertModelRunsResponse = component('ProvenaConvertModelRunsResponse', Type.Object({
  status: Type.Object({ success: Type.Boolean(), details: Type.String() }),
  new_records: Type.Array(ModelRunRecordSchema, { description: 'A record for each row without a job id' }),
  existing_records: Type.Array(Type.String(), { description: 'The job id of each row that has one: runs already submitted' }),
  warnings: Type.Array(Type.String()),
}));
