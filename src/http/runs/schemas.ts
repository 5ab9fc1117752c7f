import { Type } from '@sinclair/typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import { RunKindSchema, RunSchema, RunStatusSchema, StepSchema, TestResultSchema } from '../../domain/run-schemas.js';
import { component } from '../components.js';
import { pageOf } from '../registry/schemas.js';

export const RunListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(RunStatusSchema),
    kind: Type.Optional(RunKindSchema),
    project_name: Type.Optional(Type.String()),
    pipeline_id: Type.Optional(Type.String({ format: 'uuid', description: 'Ingested runs of this pipeline' })),
    created_by: Type.Optional(Type.String({ description: 'Runs created by this user or API key id' })),
    model: Type.Optional(Type.String({ minLength: 1, description: 'Runs having a step of this model (`project.name`) or step name' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text the run name contains (any case)' })),
  }),
]);

export const RunParams = Type.Object({ runId: Type.String() });
export const StepParams = Type.Object({ runId: Type.String(), stepId: Type.String() });
export const StepListSchema = Type.Object({ data: Type.Array(StepSchema), next_page_token: Type.Optional(Type.String()) });
export const TestResultListSchema = Type.Object({ data: Type.Array(TestResultSchema), next_page_token: Type.Optional(Type.String()) });
export const ProvJsonSchema = Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
  description: 'PROV-JSON (W3C Member Submission, 2013): prefix, entity, activity, agent and relation sections',
});

// The DuckDB Data Platform's names for the Models API's shapes.
export const ModelRun = component('ModelRun', RunSchema);
export const PaginatedModelRuns = component('PaginatedModelRuns', pageOf(ModelRun));
export const ModelRunStepList = component('ModelRunStepList', StepListSchema);
export const ModelTestResultList = component('ModelTestResultList', TestResultListSchema);
export const ProvDocument = component('ProvDocument', ProvJsonSchema);
