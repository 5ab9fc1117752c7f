// Wire shapes of Provena's registry-api (RegistryAPI.py, SharedTypes.py). Items are open objects: their
// fields depend on the subtype, and the client ignores fields it does not know.
import { Type, type TSchema } from '@sinclair/typebox';
import { ITEM_SUBTYPE_NAMES } from '../../../domain/provena/subtypes.js';
import { IMPORT_MODES } from '../../../services/provena/registry-transfer.js';
import { component } from '../../components.js';
import { EXAMPLE_IDS } from '../../examples.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const StatusSchema = Type.Object({ success: Type.Boolean(), details: Type.String() });
export const StatusResponseSchema = Type.Object({ status: StatusSchema });
export const AnyItem = Type.Record(Type.String(), Type.Unknown(), { description: 'A registry item as Provena shows it' });
export const PaginationKey = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
  description: 'Echo it in the next request; null on the last page',
});
export const BAD_REQUEST = { 400: Type.Ref('FastapiError') } as const;

export const IdQuery = Type.Object({ id: Type.String() });
export const FetchQuery = Type.Object({ id: Type.String(), seed_allowed: Type.Optional(Type.Boolean()) });
export const UpdateQuery = Type.Object({ id: Type.String(), reason: Type.Optional(Type.String()) });

export const ListRequestSchema = Type.Object(
  {
    filter_by: Type.Optional(
      Type.Object(
        {
          record_type: Type.Optional(literals(['ALL', 'SEED_ONLY', 'COMPLETE_ONLY'])),
          item_subtype: Type.Optional(literals(ITEM_SUBTYPE_NAMES)),
          release_reviewer: Type.Optional(Type.String()),
          release_status: Type.Optional(literals(['NOT_RELEASED', 'PENDING', 'RELEASED'])),
        },
        { additionalProperties: false },
      ),
    ),
    sort_by: Type.Optional(
      Type.Object(
        {
          sort_type: Type.Optional(literals(['CREATED_TIME', 'UPDATED_TIME', 'DISPLAY_NAME', 'RELEASE_TIMESTAMP', 'ACCESS_INFO_URI_BEGINS_WITH'])),
          ascending: Type.Optional(Type.Boolean({ default: false })),
          begins_with: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    pagination_key: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
  },
  { additionalProperties: false },
);

export const FetchResponseSchema = Type.Object({
  status: StatusSchema,
  item: Type.Optional(Type.Union([AnyItem, Type.Null()])),
  roles: Type.Optional(Type.Array(Type.String())),
  locked: Type.Optional(Type.Boolean()),
  item_is_seed: Type.Optional(Type.Boolean()),
});
export const ListResponseSchema = Type.Object({
  status: StatusSchema,
  items: Type.Array(AnyItem),
  seed_items: Type.Array(AnyItem),
  unparsable_items: Type.Array(AnyItem),
  total_item_count: Type.Integer(),
  complete_item_count: Type.Integer(),
  seed_item_count: Type.Integer(),
  unparsable_item_count: Type.Integer(),
  not_authorised_count: Type.Integer(),
  pagination_key: PaginationKey,
});
export const GeneralListResponseSchema = Type.Object({
  status: StatusSchema,
  items: Type.Array(AnyItem),
  total_item_count: Type.Integer(),
  pagination_key: PaginationKey,
});
export const SeedResponseSchema = Type.Object({ status: StatusSchema, seeded_item: Type.Optional(AnyItem) });
export const CreateResponseSchema = Type.Object({
  status: StatusSchema,
  created_item: Type.Optional(Type.Union([AnyItem, Type.Null()])),
  register_create_activity_session_id: Type.Optional(Type.String()),
});
export const UpdateResponseSchema = Type.Object({ status: StatusSchema, register_create_activity_session_id: Type.Optional(Type.String()) });
export const RevertRequestSchema = Type.Object({ id: Type.String(), history_id: Type.Integer(), reason: Type.String() }, { additionalProperties: false });
export const VersionRequestSchema = Type.Object({ id: Type.String(), reason: Type.String() }, { additionalProperties: false });
export const VersionResponseSchema = Type.Object({ new_version_id: Type.String(), version_job_session_id: Type.String() });
export const LockRequestSchema = Type.Object({ id: Type.String(), reason: Type.String() }, { additionalProperties: false });
export const SchemaResponseSchema = Type.Object({ status: StatusSchema, json_schema: Type.Record(Type.String(), Type.Unknown()) });
export const RolesResponseSchema = Type.Object({ roles: Type.Array(Type.String()) });
export const AuthRolesResponseSchema = Type.Object({
  roles: Type.Array(Type.Object({ role_display_name: Type.String(), role_name: Type.String(), description: Type.String(), also_grants: Type.Array(Type.String()) })),
});
const LockEventSchema = Type.Object({
  action_type: literals(['LOCK', 'UNLOCK']),
  username: Type.String(),
  email: Type.Optional(Type.String()),
  reason: Type.String(),
  timestamp: Type.Integer(),
});
export const LockHistoryResponseSchema = Type.Object({ status: StatusSchema, history: Type.Array(LockEventSchema), locked: Type.Boolean() });
export const LockedResponseSchema = Type.Object({ locked: Type.Boolean() });

export const VersionDetailsSchema = Type.Object({
  commit_id: Type.Union([Type.String(), Type.Null()]),
  commit_url: Type.Union([Type.String(), Type.Null()]),
  tag_name: Type.Union([Type.String(), Type.Null()]),
  release_title: Type.Union([Type.String(), Type.Null()]),
  release_url: Type.Union([Type.String(), Type.Null()]),
  new_version_id: Type.String(),
  version_job_session_id: Type.String(),
});

const BundleSchema = Type.Object({
  id: Type.String(),
  item_payload: Type.Record(Type.String(), Type.Unknown()),
  auth_payload: Type.Record(Type.String(), Type.Unknown()),
  lock_payload: Type.Record(Type.String(), Type.Unknown()),
});
export const ExportResponseSchema = Type.Object({ status: StatusSchema, items: Type.Array(BundleSchema) });
export const ImportRequestSchema = Type.Object(
  {
    import_mode: literals(IMPORT_MODES),
    parse_items: Type.Optional(Type.Boolean({ default: true })),
    allow_entry_deletion: Type.Optional(Type.Boolean({ default: false })),
    trial_mode: Type.Optional(Type.Boolean({ default: true })),
    items: Type.Array(BundleSchema),
  },
  { additionalProperties: false },
);
export const ImportResponseSchema = Type.Object({
  status: StatusSchema,
  trial_mode: Type.Boolean(),
  statistics: Type.Optional(
    Type.Object({
      old_registry_size: Type.Integer(),
      new_registry_size: Type.Integer(),
      deleted_entries: Type.Integer(),
      overwritten_entries: Type.Integer(),
      new_entries: Type.Integer(),
    }),
  ),
  failure_list: Type.Optional(
    Type.Array(Type.Array(Type.Union([Type.String(), BundleSchema]), { minItems: 2, maxItems: 2, description: '[message, bundled item]' })),
  ),
});

export type Schema = TSchema;

// Provena's names for its models, prefixed: runledger's own surfaces have shapes of the same names.
const reason = 'Under review by the data steward';
export const ProvenaStatusResponse = component('ProvenaStatusResponse', StatusResponseSchema);
export const ProvenaFetchResponse = component('ProvenaFetchResponse', FetchResponseSchema);
export const ProvenaListRequest = component('ProvenaListRequest', ListRequestSchema, {
  examples: [{ filter_by: { record_type: 'COMPLETE_ONLY' }, sort_by: { sort_type: 'DISPLAY_NAME', ascending: true }, page_size: 20 }],
});
export const ProvenaListResponse = component('ProvenaListResponse', ListResponseSchema);
export const ProvenaGeneralListResponse = component('ProvenaGeneralListResponse', GeneralListResponseSchema);
export const ProvenaSeedResponse = component('ProvenaSeedResponse', SeedResponseSchema);
export const ProvenaCreateResponse = component('ProvenaCreateResponse', CreateResponseSchema);
export const ProvenaUpdateResponse = component('ProvenaUpdateResponse', UpdateResponseSchema);
export const ProvenaRevertRequest = component('ProvenaRevertRequest', RevertRequestSchema, {
  examples: [{ id: EXAMPLE_IDS.person, history_id: 1, reason: 'Undo the last edit' }],
});
export const ProvenaVersionRequest = component('ProvenaVersionRequest', VersionRequestSchema, { examples: [{ id: EXAMPLE_IDS.model, reason: 'Release 1.5' }] });
export const ProvenaVersionResponse = component('ProvenaVersionResponse', VersionResponseSchema);
export const ProvenaLockRequest = component('ProvenaLockRequest', LockRequestSchema, { examples: [{ id: EXAMPLE_IDS.person, reason }] });
export const ProvenaSchemaResponse = component('ProvenaSchemaResponse', SchemaResponseSchema);
export const ProvenaDescribeAccessResponse = component('ProvenaDescribeAccessResponse', RolesResponseSchema);
export const ProvenaAuthRolesResponse = component('ProvenaAuthRolesResponse', AuthRolesResponseSchema);
export const ProvenaLockHistoryResponse = component('ProvenaLockHistoryResponse', LockHistoryResponseSchema);
export const ProvenaLockStatusResponse = component('ProvenaLockStatusResponse', LockedResponseSchema);
export const ProvenaVersionDetails = component('ProvenaVersionDetails', VersionDetailsSchema);
export const ProvenaExportResponse = component('ProvenaExportResponse', ExportResponseSchema);
export const ProvenaImportRequest = component('ProvenaImportRequest', ImportRequestSchema, {
  examples: [{ import_mode: 'ADD_ONLY', trial_mode: true, items: [] }],
});
export const ProvenaImportResponse = component('ProvenaImportResponse', ImportResponseSchema);
