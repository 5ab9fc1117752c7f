// Pipelines as the Gentrace surface serves them (type-only imports of the server's schemas).
import type { Static } from '@sinclair/typebox';
import type { PipelineListSchema, PipelineSchema } from '../../../../src/domain/gentrace-views';

/** GET /api/v1/pipelines: the display name is always a string (the slug when none was given). */
export type Pipeline = Static<typeof PipelineSchema>;
export type PipelineList = Static<typeof PipelineListSchema>;
/**
 * GET /api/v4/pipelines/{id}, the one read of a single pipeline by id: the members the pages read, which it
 * shares with the v1 shape but for a display name that may be null. (Its schema module also holds the list
 * query, whose paging code is Node-only, so the UI cannot type-check an import of it.)
 */
export type PipelineV4 = Pick<Pipeline, 'id' | 'slug' | 'createdAt'> & { displayName: string | null };
