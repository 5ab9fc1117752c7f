// The registry's wire shapes, from the server's own schemas (type-only: nothing of the server is bundled).
import type { Static } from '@sinclair/typebox';
import type { RegisterModelRunResponseSchema } from '../../../../src/http/provena/schemas';
import type { ModelRunRecord } from '../../../../src/domain/model-run-record';

export type { RegistryKind, DatasetTemplate, WorkflowTemplate } from '../../../../src/domain/registry-schemas';
export type { ModelRunRecord, TemplatedDataset } from '../../../../src/domain/model-run-record';
export type RegisterRunResponse = Static<typeof RegisterModelRunResponseSchema>;

// ItemMetaSchema, VersionsSchema and ModelRunItemSchema (src/http/registry/schemas.ts) cannot be imported
// here yet: that module pulls in pagination.ts, which needs Node's Buffer. Until they move to a module
// without Node, these name only the members the pages read.

/** A stored registry item: the kind's own fields plus the server-assigned ones. */
export interface RegistryItem {
  id: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  display_name: string;
  [field: string]: unknown;
}

export interface ItemVersion {
  version: number;
  reason: string | null;
  updated_by: string | null;
  created_at: string;
  item: Record<string, unknown>;
}

export interface ModelRunItem {
  id: string;
  display_name: string;
  record_status: 'LODGED';
  record: ModelRunRecord;
  created_by: string | null;
  created_at: string;
}
