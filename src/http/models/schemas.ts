import { Type } from '@sinclair/typebox';
import { TriggerModelRunSchema } from '../../domain/model-run-request.js';
import { ModelDagSchema, ModelPatchSchema, ModelSchema, ModelTestSchema, NewModelSchema, NewModelTestSchema } from '../../domain/models.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { component } from '../components.js';
import { pageOf } from '../registry/schemas.js';

export const ModelParams = Type.Object({ projectName: Type.String(), modelName: Type.String() });
export const TestParams = Type.Object({ projectName: Type.String(), modelName: Type.String(), testId: Type.String() });
export const ModelListQuery = Type.Composite([PageQuerySchema, Type.Object({ project_name: Type.Optional(Type.String()) })]);
export const DagQuery = Type.Object({ project_name: Type.Optional(Type.String({ minLength: 1, description: 'Only this project’s models; absent: every project' })) });
export const TestListSchema = Type.Object({ data: Type.Array(ModelTestSchema), next_page_token: Type.Optional(Type.String()) });

// The DuckDB Data Platform's names for its shapes.
export const Model = component('Model', ModelSchema);
export const PaginatedModels = component('PaginatedModels', pageOf(Model));
export const CreateModelRequest = component('CreateModelRequest', NewModelSchema, {
  examples: [
    {
      project_name: 'hydrology',
      name: 'daily_rain',
      sql: "select gauge, date, sum(mm) as mm from {{ source('raw', 'rain') }} group by gauge, date",
      materialization: 'TABLE',
      description: 'Rainfall per gauge and day',
      tags: ['rain'],
    },
  ],
});
export const UpdateModelRequest = component('UpdateModelRequest', ModelPatchSchema, {
  examples: [{ sql: "select gauge, date, sum(mm) as mm from {{ source('raw', 'rain') }} where mm >= 0 group by gauge, date", tags: null }],
});
export const ModelDAG = component('ModelDAG', ModelDagSchema);
export const ModelTest = component('ModelTest', ModelTestSchema);
export const CreateModelTestRequest = component('CreateModelTestRequest', NewModelTestSchema, {
  examples: [{ name: 'gauge_present', test_type: 'not_null', column: 'gauge' }],
});
export const ModelTestList = component('ModelTestList', TestListSchema);
export const TriggerModelRunRequest = component('TriggerModelRunRequest', TriggerModelRunSchema, {
  examples: [{ project_name: 'hydrology', model_names: ['+daily_rain'], full_refresh: false }],
});
