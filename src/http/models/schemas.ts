import { Type } from '@sinclair/typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import { ModelTestSchema } from '../../domain/models.js';

export const ModelParams = Type.Object({ projectName: Type.String(), modelName: Type.String() });
export const TestParams = Type.Object({ projectName: Type.String(), modelName: Type.String(), testId: Type.String() });
export const ModelListQuery = Type.Composite([PageQuerySchema, Type.Object({ project_name: Type.Optional(Type.String()) })]);
export const DagQuery = Type.Object({ project_name: Type.String({ minLength: 1 }) });
export const DagSchema = Type.Object({
  project_name: Type.String(),
  tiers: Type.Array(Type.Array(Type.String()), { description: 'Tier n depends only on tiers before it' }),
  edges: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
});
export const TestListSchema = Type.Object({ data: Type.Array(ModelTestSchema), next_page_token: Type.Optional(Type.String()) });
