// Provena's /admin/export and /admin/import (§5): bundles of item, access settings and lock state, imported
// under their own ids (Provena handles such as 10378.1/1704799 stay as they are) in one transaction.
import { ITEM_SUBTYPE_NAMES, SUBTYPES, isProvenaSubtype, type ProvenaSubtype } from '../../domain/provena/subtypes.js';
import { deleteItems, insertWholeItem, listAllIds, listAllItems, listRegisteredRunIds, type WholeItem } from '../../store/provena-registry.js';
import { listRuns } from '../../store/runs.js';
import type { ServiceContext } from '../context.js';
import { failed, succeeded } from './caller.js';
import { parsesAs } from './item-view.js';
import { accessOfFound, viewRows, viewRuns } from './registry-reads.js';
import { nodeFor } from './registry-writes.js';

export const IMPORT_MODES = ['ADD_ONLY', 'ADD_OR_OVERWRITE', 'OVERWRITE_ONLY', 'SYNC_ADD_OR_OVERWRITE', 'SYNC_DELETION_ALLOWED'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface Bundle {
  id: string;
  item_payload: Record<string, unknown>;
  auth_payload: Record<string, unknown>;
  lock_payload: Record<string, unknown>;
}

export interface ImportRequest {
  import_mode: ImportMode;
  parse_items?: boolean;
  allow_entry_deletion?: boolean;
  trial_mode?: boolean;
  items: Bundle[];
}

/** Drops nulls, as Provena stores items (exclude_none). */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

export async function exportRegistry(ctx: ServiceContext) {
  const found = await viewRows(ctx.db, await listAllItems(ctx.db));
  // Registered runs are Provena's MODEL_RUN items: exported so another registry can show them.
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const runs = await listRuns(ctx.db, { kind: 'registered' }, 500, after);
    found.push(...(await viewRuns(ctx.db, runs.slice(0, 500))));
    if (runs.length <= 500) break;
    const last = runs[499]!;
    after = { createdAt: last.created_at, id: last.id };
  }
  const bundles: Bundle[] = found.map((f) => ({
    id: f.item.id,
    item_payload: withoutNulls(f.item),
    auth_payload: { id: f.item.id, access_settings: accessOfFound(f) },
    lock_payload: { id: f.item.id, lock_information: f.lock },
  }));
  return { ...succeeded(`Successfully exported ${bundles.length} items.`), items: bundles };
}

const isInt = (v: unknown) => Number.isInteger(v);
const isStr = (v: unknown) => typeof v === 'string';

/** Why a bundle does not parse (parse_items), or undefined. */
function bundleFault(b: Bundle, parse: boolean): string | undefined {
  const p = b.item_payload ?? {};
  if (!isProvenaSubtype(p.item_subtype)) return `Unknown item_subtype ${String(p.item_subtype)}; known: ${ITEM_SUBTYPE_NAMES.join(', ')}.`;
  const info = SUBTYPES[p.item_subtype];
  if (p.item_category !== info.category) return `item_category ${String(p.item_category)} does not go with item_subtype ${info.subtype}.`;
  if (p.id !== b.id) return 'item_payload.id does not match the bundle id.';
  if (!parse) return undefined;
  if (!isStr(p.owner_username) || !isInt(p.created_timestamp) || !isInt(p.updated_timestamp)) return 'item_payload does not parse as record info.';
  if (p.record_type !== 'SEED_ITEM' && p.record_type !== 'COMPLETE_ITEM') return 'record_type must be SEED_ITEM or COMPLETE_ITEM.';
  if (p.record_type === 'COMPLETE_ITEM') {
    if (!parsesAs(info.subtype, p)) return `item_payload does not parse as a complete ${info.subtype} item.`;
    const history = p.history;
    if (!Array.isArray(history) || history.some((h) => !h || !isInt(h.id) || !isInt(h.timestamp) || !isStr(h.reason) || !isStr(h.username) || typeof h.item !== 'object')) {
      return 'history does not parse: each entry needs id, timestamp, reason, username and item.';
    }
  }
  const access = (b.auth_payload ?? {}).access_settings as Record<string, unknown> | undefined;
  if (b.auth_payload?.id !== b.id || !access || !isStr(access.owner) || !Array.isArray(access.general)) return 'auth_payload does not parse as {id, access_settings}.';
  const lock = (b.lock_payload ?? {}).lock_information as Record<string, unknown> | undefined;
  if (b.lock_payload?.id !== b.id || !lock || typeof lock.locked !== 'boolean' || !Array.isArray(lock.history)) return 'lock_payload does not parse as {id, lock_information}.';
  return undefined;
}

const RECORD_FIELDS = ['id', 'owner_username', 'created_timestamp', 'updated_timestamp', 'item_category', 'item_subtype', 'record_type', 'workflow_links', 'versioning_info', 'history'];

function wholeOf(b: Bundle): WholeItem {
  const p = b.item_payload;
  const info = SUBTYPES[p.item_subtype as ProvenaSubtype];
  const complete = p.record_type === 'COMPLETE_ITEM';
  const body: Record<string, unknown> = complete ? Object.fromEntries(Object.entries(p).filter(([k]) => !RECORD_FIELDS.includes(k))) : {};
  const versioning = (p.versioning_info ?? {}) as Record<string, unknown>;
  const history = complete ? (p.history as { id: number; timestamp: number; reason: string; username: string; item: Record<string, unknown> }[]) : [];
  return {
    id: b.id,
    kind: info.kind,
    display_name: String(body.display_name ?? ''),
    body,
    record_type: complete ? 'COMPLETE_ITEM' : 'SEED_ITEM',
    owner_username: String(p.owner_username),
    created_by: null,
    created_at: new Date(Number(p.created_timestamp) * 1000),
    updated_at: new Date(Number(p.updated_timestamp) * 1000),
    item_version: Number.isInteger(versioning.version) ? Number(versioning.version) : 1,
    previous_version: isStr(versioning.previous_version) ? String(versioning.previous_version) : null,
    next_version: isStr(versioning.next_version) ? String(versioning.next_version) : null,
    version_reason: isStr(versioning.reason) ? String(versioning.reason) : null,
    workflow_links: (p.workflow_links as Record<string, unknown> | undefined) ?? null,
    access_settings: (b.auth_payload?.access_settings as Record<string, unknown> | undefined) ?? null,
    lock_information: (b.lock_payload?.lock_information as Record<string, unknown> | undefined) ?? null,
    history: history.map((h) => ({ version: h.id + 1, body: h.item, reason: h.reason, username: h.username, created_at: new Date(h.timestamp * 1000) })),
  };
}

export async function importRegistry(ctx: ServiceContext, req: ImportRequest) {
  const trial = req.trial_mode ?? true;
  const parse = req.parse_items ?? true;
  const fail = (list: [string, Bundle][]) => ({ ...failed(list[0]![0]), trial_mode: trial, failure_list: list });

  const faults = req.items.flatMap((b): [string, Bundle][] => {
    const fault = bundleFault(b, parse);
    return fault ? [[fault, b]] : [];
  });
  if (faults.length) return fail(faults);

  // Registered runs count as stored, but import neither rewrites nor deletes a lodged run.
  const runIds = new Set(await listRegisteredRunIds(ctx.db));
  const stored = new Set([...(await listAllIds(ctx.db)), ...runIds]);
  const incoming = new Set(req.items.map((b) => b.id));
  const mode = req.import_mode;
  const modeFaults: [string, Bundle][] = [];
  if (mode === 'ADD_ONLY') for (const b of req.items) if (stored.has(b.id)) modeFaults.push([`Item ${b.id} already exists; ADD_ONLY does not overwrite.`, b]);
  if (mode === 'OVERWRITE_ONLY') for (const b of req.items) if (!stored.has(b.id)) modeFaults.push([`Item ${b.id} does not exist; OVERWRITE_ONLY does not add.`, b]);
  const missing = [...stored].filter((id) => !incoming.has(id));
  const sync = mode === 'SYNC_ADD_OR_OVERWRITE' || (mode === 'SYNC_DELETION_ALLOWED' && !req.allow_entry_deletion);
  if (sync && missing.length) {
    const placeholder = { id: missing[0]!, item_payload: {}, auth_payload: {}, lock_payload: {} };
    modeFaults.push([`${missing.length} stored item(s) are absent from the import (e.g. ${missing[0]}); ${mode} needs ${mode === 'SYNC_DELETION_ALLOWED' ? 'allow_entry_deletion' : 'every stored item in the input'}.`, placeholder]);
  }
  if (modeFaults.length) return fail(modeFaults);

  const overwritten = [...incoming].filter((id) => stored.has(id)).length;
  const deleting = mode === 'SYNC_DELETION_ALLOWED' ? missing : [];
  const statistics = {
    old_registry_size: stored.size,
    new_registry_size: stored.size + (incoming.size - overwritten) - deleting.length,
    deleted_entries: deleting.length,
    overwritten_entries: overwritten,
    new_entries: incoming.size - overwritten,
  };
  if (!trial) {
    await ctx.db.transaction().execute(async (tx) => {
      const writes = req.items.filter((b) => !runIds.has(b.id)).map(wholeOf);
      await deleteItems(tx, [...writes.map((w) => w.id), ...deleting.filter((id) => !runIds.has(id))]);
      for (const whole of writes) {
        await insertWholeItem(tx, whole);
        if (whole.record_type === 'COMPLETE_ITEM') await nodeFor(tx, whole.kind, whole.id, whole.display_name);
      }
    });
  }
  return { ...succeeded(`${trial ? 'TRIAL: ' : ''}Successfully imported with mode: ${mode}.`), trial_mode: trial, statistics };
}


