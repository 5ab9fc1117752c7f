import { Type } from '@sinclair/typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import { ModelTestSchema } from '../../domain/models.js';

export const ModelParams = Type.Object({ projectName: Type.String(), modelName: Type.String() });
export const TestParams = Type.Object({ projectName: Type.String(), modelName: Type.String(), testId: Type.String() });
export const ModelListQuery = Type.Composite([PageQuerySchema, Type.Object({ project_name: Type.Optional(Type.String()) })]);
export const DagQuery = Type.Object({ project_name: Type.Optional(Type.String({ minLength: 1, description: 'Only this project’s models; absent: every project' })) });
export const TestListSchema = Type.Object({ data: Type.Array(ModelTestSchema), next_page_token: Type.Optional(Type.String()) });
