// Pipelines as the Gentrace surface serves them (type-only imports of the server's schemas).
import type { Static } from '@sinclair/typebox';
import type { PipelineListSchema, PipelineSchema } from '../../../../src/domain/gentrace-views';
import type { PipelineV4Schema } from '../../../../src/http/gentrace/v4-schemas';

/** GET /api/v1/pipelines: the display name is always a string (the slug when none was given). */
export type Pipeline = Static<typeof PipelineSchema>;
export type PipelineList = Static<typeof PipelineListSchema>;
/** GET /api/v4/pipelines/{id}: the one read of a single pipeline by id. */
export type PipelineV4 = Static<typeof PipelineV4Schema>;
