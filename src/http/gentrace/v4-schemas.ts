// Gentrace's v4 pipeline shapes, as its OpenAPI document (gentrace-openapi spec.json: Pipeline, CreatePipeline,
// GET /v4/pipelines → {data}) and the SDKs generated from it declare them: npm `gentrace` 0.x
// src/resources/pipelines.ts and gentrace-py 1.x src/gentrace/types/pipeline.py, pipeline_list.py,
// pipeline_create_params.py. Every field the Pipeline model requires is present.
import { Type, type Static } from '@sinclair/typebox';
import { PageQuerySchema } from '../../domain/pagination.js';
import type { PipelineRecord } from '../../services/gentrace-pipelines.js';
import { component } from '../components.js';

const NullableUuid = (description: string) => Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description });

export const PipelineV4Schema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Pipeline UUID' }),
  createdAt: Type.String({ format: 'date-time', description: 'Creation timestamp (ISO 8601)' }),
  updatedAt: Type.String({ format: 'date-time', description: 'Last update: pipelines are never changed, so createdAt' }),
  slug: Type.String({ description: 'Pipeline slug' }),
  displayName: Type.Union([Type.String(), Type.Null()], { description: 'Pipeline display name (its slug when none was given)' }),
  folderId: NullableUuid('Folder UUID'),
  archivedAt: Type.Null({ description: 'Archive timestamp: pipelines are never archived' }),
  goldenDatasetId: Type.Null({ description: 'Golden dataset UUID: runledger keeps no Gentrace datasets' }),
});
export type PipelineV4 = Static<typeof PipelineV4Schema>;

export const PipelineV4ListSchema = Type.Object({
  data: Type.Array(PipelineV4Schema),
  next_page_token: Type.Optional(Type.String({ description: 'Absent on the last page' })),
});

export const PipelineV4Params = Type.Object({ id: Type.String({ description: 'Pipeline UUID' }) });

export const PipelineV4ListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    slug: Type.Optional(Type.String({ description: 'Only the pipeline with this slug' })),
    folderId: Type.Optional(Type.String({ format: 'uuid', description: 'Only pipelines in this folder' })),
  }),
]);

export const CreatePipelineV4Schema = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 1, maxLength: 1000, description: 'Pipeline slug, e.g. my-awesome-pipeline' }),
  displayName: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()], { description: 'Pipeline display name' })),
  folderId: Type.Optional(NullableUuid('Folder UUID')),
});

export const GentracePipelineV4 = component('GentracePipelineV4', PipelineV4Schema);
export const GentracePipelineV4List = component('GentracePipelineV4List', PipelineV4ListSchema);
export const GentraceCreatePipelineV4 = component('GentraceCreatePipelineV4', CreatePipelineV4Schema, {
  examples: [{ slug: 'write-email', displayName: 'Write an email' }],
});

export function toPipelineV4(p: PipelineRecord): PipelineV4 {
  const at = p.createdAt.toISOString();
  return { id: p.id, createdAt: at, updatedAt: at, slug: p.slug, displayName: p.displayName, folderId: p.folderId, archivedAt: null, goldenDatasetId: null };
}
