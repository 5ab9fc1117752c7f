// Provena's registry reads over runledger's registry rows (and registered runs as MODEL_RUN items):
// fetch by id of any subtype, typed and general lists, effective roles and lock state.
import { isUuid } from '../../domain/ids.js';
import type { TypedReference } from '../../domain/provena/domain-info.js';
import { SUBTYPES, canRead, effectiveRoles, type AccessSettings, type ProvenaSubtype, type SubtypeInfo } from '../../domain/provena/subtypes.js';
import { findHistories, findItemById, findPrincipalNames } from '../../store/provena-registry.js';
import { findRegistryItemsByIds } from '../../store/registry.js';
import { findRunByIdAndKind } from '../../store/runs.js';
import type { Db, RegistryItemRow, RunRow } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { badRequest, failed, lockLookupFailed, notAuthorised, succeeded, type Caller } from './caller.js';
import { accessOf, infoOfRow, lockOf, modelRunItem, parsesAs, toProvenaItem, type LockInformation, type ProvenaItem } from './item-view.js';

/** A registry item found by id, whatever its subtype, as Provena shows it. */
export interface FoundItem {
  info: SubtypeInfo;
  item: ProvenaItem;
  /** The stored row; undefined for a registered run (read-only, from the runs table). */
  row?: RegistryItemRow;
  lock: LockInformation;
  /** Whether the stored body parses as the subtype's Provena model. */
  parses: boolean;
}

/** Registered runs as read-only MODEL_RUN items, their owners' names found in one query. */
export async function viewRuns(db: Db, runs: readonly RunRow[]): Promise<FoundItem[]> {
  const names = await findPrincipalNames(db, runs.flatMap((run) => (run.created_by ? [run.created_by] : [])));
  return runs.map((run) => {
    const owner = (run.created_by ? names.get(run.created_by) : undefined) ?? run.created_by ?? 'unknown';
    return { info: SUBTYPES.MODEL_RUN, item: modelRunItem(run, owner), lock: { locked: false, history: [] }, parses: true };
  });
}

/** Finds a registry item by id of any subtype: registry rows first, then registered model runs. */
export async function findProvenaItem(db: Db, id: string): Promise<FoundItem | undefined> {
  const row = await findItemById(db, id);
  const info = row ? infoOfRow(row) : undefined;
  if (row && info) {
    const history = (await findHistories(db, [id])).get(id) ?? [];
    const parses = row.record_type === 'SEED_ITEM' || parsesAs(info.subtype, row.body);
    return { info, row, item: toProvenaItem(row, history), lock: lockOf(row), parses };
  }
  if (!isUuid(id)) return undefined;
  const run = await findRunByIdAndKind(db, id, 'registered');
  return run ? (await viewRuns(db, [run]))[0] : undefined;
}

/** The first reference that does not name a complete item of its subtype, in one query for all of them. */
export async function badReference(db: Db, refs: readonly TypedReference[]): Promise<TypedReference | undefined> {
  if (refs.length === 0) return undefined;
  const rows = await findRegistryItemsByIds(db, [...new Set(refs.map((r) => r.id))]);
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  return refs.find((r) => kinds.get(r.id) !== SUBTYPES[r.subtype].kind);
}

/** The item's access settings: stored on a registry row, the subtype's defaults for a registered run. */
export function accessOfFound(found: FoundItem): AccessSettings {
  return found.row ? accessOf(found.row, found.info) : { owner: String(found.item.owner_username), general: [...found.info.defaultGeneral], groups: {} };
}

export function rolesOn(found: FoundItem, caller: Caller): string[] {
  return effectiveRoles(found.info, accessOfFound(found), caller.username, caller.isAdmin);
}

/** Rows for many ids as items, keeping the order of `rows`. */
export async function viewRows(db: Db, rows: readonly RegistryItemRow[]): Promise<FoundItem[]> {
  const histories = await findHistories(db, rows.filter((r) => r.record_type === 'COMPLETE_ITEM').map((r) => r.id));
  return rows.flatMap((row) => {
    const info = infoOfRow(row);
    if (!info) return [];
    const parses = row.record_type === 'SEED_ITEM' || parsesAs(info.subtype, row.body);
    return [{ info, row, item: toProvenaItem(row, histories.get(row.id) ?? []), lock: lockOf(row), parses }];
  });
}

const notFoundDetail = (id: string) =>
  `Could not find the given key (${id}) in the registry. Are you sure that the id is correct? Error: item not found.`;

/** GET P/fetch (§3.1). */
// The client's <Sub>FetchResponse declares `item` without a default (pydantic v2: required, may be null).
const noItem = (details: string) => ({ ...failed(details), item: null });

export async function fetchTyped(ctx: ServiceContext, subtype: ProvenaSubtype, id: string, seedAllowed: boolean, caller: Caller) {
  if (id === '') return noItem('The id was empty: provide the id of an item to fetch.');
  const found = await findProvenaItem(ctx.db, id);
  if (!found) return noItem(notFoundDetail(id));
  if (found.info.subtype !== subtype) {
    badRequest(`Item with id ${id} did not have the correct category or subtype. Expected ${SUBTYPES[subtype].category}/${subtype}, got ${found.info.category}/${found.info.subtype}.`);
  }
  const roles = rolesOn(found, caller);
  if (!canRead(roles)) notAuthorised('You are not authorised to fetch this item.');
  const isSeed = found.item.record_type === 'SEED_ITEM';
  if (isSeed && !seedAllowed) {
    return noItem(`The item with id ${id} is a seed item and seed_allowed was set to false. Set seed_allowed to true to fetch seed items.`);
  }
  if (!found.parses) return noItem(`The item with id ${id} was found but did not parse as a complete ${subtype} item.`);
  const details = isSeed ? 'Successfully retrieved seed item.' : 'Successfully retrieved complete item and parsed into current data model.';
  return { ...succeeded(details), item: found.item, roles, locked: found.lock.locked, item_is_seed: isSeed };
}

/** GET /registry/general/fetch (§4.1): the item of any subtype, seed or complete, unparsed. */
export async function fetchGeneral(ctx: ServiceContext, id: string, caller: Caller) {
  const found = id === '' ? undefined : await findProvenaItem(ctx.db, id);
  if (!found) return failed(`The id you specified was not available in the registry. Id: ${id}.`);
  if (!canRead(rolesOn(found, caller))) notAuthorised('You are not authorised to fetch this item.');
  return { ...succeeded('Item fetched successfully.'), item: found.item };
}

/** An item that exists in the lock table sense: unknown ids are Provena's 400 from its lock lookup. */
export async function existingItem(ctx: ServiceContext, id: string): Promise<FoundItem> {
  const found = await findProvenaItem(ctx.db, id);
  if (!found) badRequest(lockLookupFailed(id));
  return found;
}

export async function evaluateAccess(ctx: ServiceContext, id: string, caller: Caller) {
  const found = await findProvenaItem(ctx.db, id);
  if (!found) badRequest(`Failed to retrieve access settings for id ${id}. Is the id correct?`);
  return { roles: rolesOn(found, caller) };
}

export async function lockHistory(ctx: ServiceContext, id: string, caller: Caller) {
  const found = await existingItem(ctx, id);
  if (!canRead(rolesOn(found, caller))) notAuthorised('You are not authorised to view the lock history of this item.');
  return { ...succeeded('Successfully retrieved lock history.'), history: found.lock.history, locked: found.lock.locked };
}

export async function lockStatus(ctx: ServiceContext, id: string) {
  const found = await existingItem(ctx, id);
  return { locked: found.lock.locked };
}
