// Provena's view of a registry row: record info, flattened domain info and history newest first (§2 of the
// contract), built from the same registry_items / registry_item_versions rows as /registry/{kind}.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DOMAIN_INFO_SCHEMAS } from '../../domain/provena/domain-info.js';
import { subtypeOfKind, type AccessSettings, type ProvenaSubtype, type SubtypeInfo } from '../../domain/provena/subtypes.js';
import type { HistoryRow } from '../../store/provena-registry.js';
import type { RegistryItemRow, RunRow } from '../../store/schema.js';

export type ProvenaItem = Record<string, unknown> & { id: string; item_subtype: ProvenaSubtype; record_type: 'SEED_ITEM' | 'COMPLETE_ITEM' };

export const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
export const INITIAL_REASON = 'Initial record creation';

function reasonOf(h: HistoryRow): string {
  // runledger's own /registry/{kind} writes 'created' for the first version and may leave later reasons empty.
  if (h.version === 1 && h.reason === 'created') return INITIAL_REASON;
  return h.reason ?? '';
}

export function ownerOf(row: RegistryItemRow): string {
  return row.owner_username ?? row.created_by ?? 'unknown';
}

export function accessOf(row: RegistryItemRow, info: SubtypeInfo): AccessSettings {
  const stored = row.access_settings as AccessSettings | null;
  return stored ?? { owner: ownerOf(row), general: [...info.defaultGeneral], groups: {} };
}

export interface LockEvent {
  action_type: 'LOCK' | 'UNLOCK';
  username: string;
  email?: string;
  reason: string;
  timestamp: number;
}
export interface LockInformation {
  locked: boolean;
  history: LockEvent[];
}

export function lockOf(row: RegistryItemRow): LockInformation {
  return (row.lock_information as LockInformation | null) ?? { locked: false, history: [] };
}

/** The subtype a stored row is viewed as; undefined for kinds Provena has no subtype for. */
export function infoOfRow(row: RegistryItemRow): SubtypeInfo | undefined {
  return subtypeOfKind(row.kind);
}

export function recordInfo(row: RegistryItemRow, info: SubtypeInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: row.id,
    owner_username: ownerOf(row),
    created_timestamp: seconds(row.created_at),
    updated_timestamp: seconds(row.updated_at),
    item_category: info.category,
    item_subtype: info.subtype,
    record_type: row.record_type,
    workflow_links: row.workflow_links ?? null,
    versioning_info: null,
  };
  if (info.versioned) {
    out.versioning_info = {
      version: row.item_version,
      ...(row.previous_version ? { previous_version: row.previous_version, reason: row.version_reason ?? '' } : {}),
      ...(row.next_version ? { next_version: row.next_version } : {}),
    };
  }
  return out;
}

export function toProvenaItem(row: RegistryItemRow, history: readonly HistoryRow[]): ProvenaItem {
  const info = infoOfRow(row)!;
  const base = recordInfo(row, info);
  if (row.record_type === 'SEED_ITEM') return base as ProvenaItem;
  return {
    ...base,
    ...(row.body as Record<string, unknown>),
    history: history.map((h) => ({
      id: h.version - 1,
      timestamp: seconds(h.created_at),
      reason: reasonOf(h),
      username: h.username ?? h.updated_by ?? ownerOf(row),
      item: h.body,
    })),
  } as unknown as ProvenaItem;
}

/** A registered run (the runs table) as Provena's read-only MODEL_RUN item. */
export function modelRunItem(run: RunRow, ownerName: string): ProvenaItem {
  const record = (run.record ?? {}) as Record<string, unknown>;
  const domain = { display_name: run.display_name, record_status: 'LODGED', record, prov_serialisation: run.prov_json ?? '' };
  const at = seconds(run.created_at);
  return {
    id: run.id,
    owner_username: ownerName,
    created_timestamp: at,
    updated_timestamp: at,
    item_category: 'ACTIVITY',
    item_subtype: 'MODEL_RUN',
    record_type: 'COMPLETE_ITEM',
    workflow_links: null,
    versioning_info: null,
    ...domain,
    history: [{ id: 0, timestamp: at, reason: INITIAL_REASON, username: ownerName, item: domain }],
  };
}

// Whether a stored body parses as the subtype's model: items written through runledger's own routes may not
// (e.g. a flat dataset, an ORCID that is not a URL), and Provena lists such items as unparsable.
const ajv = new Ajv.default({ strict: false, allErrors: false });
addFormats.default(ajv);
// Compiled once, on first use rather than at load (a start need not pay for it): list pages call this for every row.
// Extra top-level fields are ignored by the client's models, so only the declared ones are checked.
const validators = new Map<ProvenaSubtype, ValidateFunction>();

export function parsesAs(subtype: ProvenaSubtype, body: unknown): boolean {
  let validate = validators.get(subtype);
  if (!validate) {
    validate = ajv.compile({ ...DOMAIN_INFO_SCHEMAS[subtype], additionalProperties: true });
    validators.set(subtype, validate);
  }
  return validate(body) === true;
}
