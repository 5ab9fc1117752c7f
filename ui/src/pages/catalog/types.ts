// The registry's wire shapes, from the server's own schemas (type-only: nothing of the server is bundled).
import type { Static } from '@sinclair/typebox';
import type { ItemMetaSchema, ModelRunItemSchema, VersionsSchema } from '../../../../src/http/registry/schemas';
import type { RegisterModelRunResponseSchema } from '../../../../src/http/provena/schemas';

export type { RegistryKind, DatasetTemplate, WorkflowTemplate } from '../../../../src/domain/registry-schemas';
export type { ModelRunRecord, TemplatedDataset } from '../../../../src/domain/model-run-record';
export type RegisterRunResponse = Static<typeof RegisterModelRunResponseSchema>;

/** A stored registry item: the kind's own fields plus the server-assigned ones. */
export type RegistryItem = Static<typeof ItemMetaSchema> & { display_name: string; [field: string]: unknown };
export type ItemVersion = Static<typeof VersionsSchema>['data'][number];
export type ModelRunItem = Static<typeof ModelRunItemSchema>;
