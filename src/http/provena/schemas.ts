import { Type } from '@sinclair/typebox';
import { ModelRunRecordSchema } from '../../domain/model-run-record.js';

export const RegisterModelRunResponseSchema = Type.Object({
  status: Type.Object({ success: Type.Boolean(), details: Type.String() }),
  record_info: Type.Object({
    id: Type.String({ format: 'uuid' }),
    prov_json: Type.String({ description: 'The PROV-JSON document of the run' }),
    record: ModelRunRecordSchema,
  }),
});
