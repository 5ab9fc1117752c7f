// Provena's item subtypes as views over runledger's registry kinds ("one store, two views"):
// each subtype is stored as one kind of registry item, and has the route prefix and roles Provena gives it.
import type { RegistryKind } from '../registry-schemas.js';

export const ITEM_SUBTYPE_NAMES = [
  'ORGANISATION',
  'PERSON',
  'MODEL',
  'MODEL_RUN_WORKFLOW_TEMPLATE',
  'DATASET_TEMPLATE',
  'DATASET',
  'STUDY',
  'CREATE',
  'VERSION',
  'MODEL_RUN',
] as const;
export type ProvenaSubtype = (typeof ITEM_SUBTYPE_NAMES)[number];
export type ProvenaCategory = 'AGENT' | 'ENTITY' | 'ACTIVITY';

/** STANDARD: seed/create/update/revert; READ_ONLY and PROXY (written by another service): reads only here. */
export type RouteSet = 'STANDARD' | 'READ_ONLY' | 'PROXY';

/** Registry kinds that only the Provena view writes (through import): activities Provena's jobs made. */
export type ProvenaOnlyKind = 'create-activities' | 'version-activities' | 'model-runs';
export type StoredKind = RegistryKind | ProvenaOnlyKind;

export interface SubtypeInfo {
  subtype: ProvenaSubtype;
  category: ProvenaCategory;
  /** Route prefix below the service: `/registry/${segment}`. */
  segment: string;
  kind: StoredKind;
  routes: RouteSet;
  /** Provena registers CREATE/VERSION activities for these and gives them versioning_info. */
  versioned: boolean;
  /** Has `P/version` (datasets version through the data store instead). */
  versionRoute: boolean;
  defaultGeneral: string[];
  availableRoles: string[];
}

const BASE_ROLES = ['metadata-read', 'metadata-write', 'admin'];
const DATASET_ROLES = [...BASE_ROLES, 'dataset-data-read', 'dataset-data-write'];

function info(subtype: ProvenaSubtype, category: ProvenaCategory, segment: string, kind: StoredKind, routes: RouteSet, versioned = false): SubtypeInfo {
  const dataset = subtype === 'DATASET';
  return {
    subtype,
    category,
    segment,
    kind,
    routes,
    versioned,
    versionRoute: versioned && routes === 'STANDARD',
    defaultGeneral: dataset ? ['metadata-read', 'dataset-data-read'] : ['metadata-read'],
    availableRoles: dataset ? DATASET_ROLES : BASE_ROLES,
  };
}

export const SUBTYPES: Record<ProvenaSubtype, SubtypeInfo> = {
  ORGANISATION: info('ORGANISATION', 'AGENT', 'agent/organisation', 'organisations', 'STANDARD'),
  PERSON: info('PERSON', 'AGENT', 'agent/person', 'persons', 'STANDARD'),
  MODEL: info('MODEL', 'ENTITY', 'entity/model', 'models', 'STANDARD', true),
  MODEL_RUN_WORKFLOW_TEMPLATE: info('MODEL_RUN_WORKFLOW_TEMPLATE', 'ENTITY', 'entity/model_run_workflow', 'workflow-templates', 'STANDARD', true),
  DATASET_TEMPLATE: info('DATASET_TEMPLATE', 'ENTITY', 'entity/dataset_template', 'dataset-templates', 'STANDARD', true),
  DATASET: info('DATASET', 'ENTITY', 'entity/dataset', 'datasets', 'PROXY', true),
  STUDY: info('STUDY', 'ACTIVITY', 'activity/study', 'studies', 'STANDARD'),
  CREATE: info('CREATE', 'ACTIVITY', 'activity/create', 'create-activities', 'READ_ONLY'),
  VERSION: info('VERSION', 'ACTIVITY', 'activity/version', 'version-activities', 'READ_ONLY'),
  MODEL_RUN: info('MODEL_RUN', 'ACTIVITY', 'activity/model_run', 'model-runs', 'PROXY'),
};

const BY_KIND = new Map<string, SubtypeInfo>(Object.values(SUBTYPES).map((s) => [s.kind, s]));

export function subtypeOfKind(kind: string): SubtypeInfo | undefined {
  return BY_KIND.get(kind);
}

export function isProvenaSubtype(value: unknown): value is ProvenaSubtype {
  return typeof value === 'string' && (ITEM_SUBTYPE_NAMES as readonly string[]).includes(value);
}

/** Roles each role also grants (Provena's role descriptions, §3.9 of the contract). */
export const ROLE_DESCRIPTIONS: Record<string, { display: string; description: string; also_grants: string[] }> = {
  'metadata-read': { display: 'Metadata Read', description: 'Read the metadata of the item.', also_grants: [] },
  'metadata-write': { display: 'Metadata Write', description: 'Edit the metadata of the item.', also_grants: ['metadata-read'] },
  'dataset-data-read': { display: 'Dataset Data Read', description: 'Read the data of the dataset.', also_grants: ['metadata-read'] },
  'dataset-data-write': {
    display: 'Dataset Data Write',
    description: 'Write the data of the dataset.',
    also_grants: ['metadata-read', 'metadata-write', 'dataset-data-read'],
  },
  admin: {
    display: 'Admin',
    description: 'Full control of the item: its access settings, locks and versions.',
    also_grants: ['metadata-read', 'metadata-write', 'dataset-data-read', 'dataset-data-write'],
  },
};

export interface AccessSettings {
  owner: string;
  general: string[];
  groups: Record<string, string[]>;
}

/**
 * The caller's roles on an item (Provena's describe_access): every available role for a registry admin or the
 * owner, else the item's general roles. runledger has no groups, so group roles never apply.
 */
export function effectiveRoles(info: SubtypeInfo, access: AccessSettings, username: string, isAdmin: boolean): string[] {
  if (isAdmin || access.owner === username) return [...info.availableRoles];
  return access.general.filter((role) => info.availableRoles.includes(role));
}

export const canRead = (roles: readonly string[]) => roles.some((r) => ['metadata-read', 'metadata-write', 'admin'].includes(r));
export const canEdit = (roles: readonly string[]) => roles.some((r) => ['metadata-write', 'admin'].includes(r));
export const canAdminister = (roles: readonly string[]) => roles.includes('admin');
