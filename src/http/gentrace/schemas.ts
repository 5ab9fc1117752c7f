import { Type } from '@sinclair/typebox';
import { PageQuerySchema } from '../../domain/pagination.js';

export const PipelineListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    slug: Type.Optional(Type.String({ description: 'Only the pipeline with this slug' })),
    label: Type.Optional(Type.String({ description: 'Only pipelines with this label (ingestion sets none)' })),
  }),
]);

export const RunV2Params = Type.Object({ id: Type.String() });
