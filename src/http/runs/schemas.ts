import { Type } from '@sinclair/typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import { RunKindSchema, RunStatusSchema, StepSchema, TestResultSchema } from '../../domain/run-schemas.js';

export const RunListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(RunStatusSchema),
    kind: Type.Optional(RunKindSchema),
    project_name: Type.Optional(Type.String()),
  }),
]);

export const RunParams = Type.Object({ runId: Type.String() });
export const StepParams = Type.Object({ runId: Type.String(), stepId: Type.String() });
export const StepListSchema = Type.Object({ data: Type.Array(StepSchema), next_page_token: Type.Optional(Type.String()) });
export const TestResultListSchema = Type.Object({ data: Type.Array(TestResultSchema), next_page_token: Type.Optional(Type.String()) });
