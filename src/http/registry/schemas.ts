import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { ModelRunRecordSchema } from '../../domain/model-run-record.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { component } from '../components.js';

export const ItemMetaSchema = Type.Object({
  id: Type.String({ description: 'A UUIDv7 when runledger minted it; a Provena handle (e.g. 10378.1/1704799) when imported' }),
  version: Type.Integer({ description: 'Incremented by every update; history at /versions' }),
  created_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

/** The stored item: the kind's fields plus server-assigned ones. */
export function itemResponse(body: TObject) {
  return Type.Composite([body, ItemMetaSchema], { additionalProperties: false });
}

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), next_page_token: Type.Optional(Type.String()) });
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const ListQuery = PageQuerySchema;
export const RegistryListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text the id, the name or any top-level text field contains (any case)' })),
  }),
]);
export const UpdateQuery = Type.Object({
  reason: Type.Optional(Type.String({ description: 'Why the item changed; kept in its version history' })),
});

/** Conditional updates (RFC 9110 §13.1.1): the headers a PUT or PATCH may carry. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'Apply the change only if the resource still has one of these ETags (or exists, for `*`); otherwise 412 RL_PRECONDITION_FAILED. Without it the change applies to whatever is current.',
    }),
  ),
});

/** A response schema that also documents its ETag header (the key @fastify/swagger reads response headers from). */
export function withETag<T extends TSchema>(schema: T): T {
  return {
    ...schema,
    headers: { etag: { type: 'string', description: 'Strong entity tag of this representation; send it as If-Match to update it' } },
  };
}

export const VersionsSchema = pageOf(
  Type.Object({
    version: Type.Integer(),
    reason: Type.Union([Type.String(), Type.Null()]),
    updated_by: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    item: Type.Record(Type.String(), Type.Unknown()),
  }),
);
export const ItemVersionPage = component('ItemVersionPage', VersionsSchema);

export const ModelRunItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  display_name: Type.String(),
  record_status: Type.Literal('LODGED'),
  record: ModelRunRecordSchema,
  prov_serialisation: Type.String({ description: 'PROV-JSON document' }),
  created_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
});
export const LodgedModelRun = component('LodgedModelRun', ModelRunItemSchema);
export const LodgedModelRunPage = component('LodgedModelRunPage', pageOf(LodgedModelRun));
