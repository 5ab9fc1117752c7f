import { Type } from '@sinclair/typebox';
import { ModelRunRecordSchema } from '../../domain/model-run-record.js';
import { component } from '../components.js';
import { EXAMPLE_MODEL_RUN_RECORD } from '../examples.js';

export const ModelRunRecord = component('ModelRunRecord', ModelRunRecordSchema, { examples: [EXAMPLE_MODEL_RUN_RECORD] });

export const RegisterModelRunResponseSchema = Type.Object({
  status: Type.Object({ success: Type.Boolean(), details: Type.String() }),
  record_info: Type.Object({
    id: Type.String({ format: 'uuid' }),
    prov_json: Type.String({ description: 'The PROV-JSON document of the run' }),
    record: ModelRunRecordSchema,
  }),
});
export const RegisterCompleteModelRunResponse = component('RegisterCompleteModelRunResponse', RegisterModelRunResponseSchema);
