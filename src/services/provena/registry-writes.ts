// Provena's registry writes (§3.3–3.8): seed, create, update, revert, version, delete, lock and unlock, each a
// write to the same registry rows /registry/{kind} uses, keeping the item's lineage node in step.
import { REGISTRY_NODE_TYPES } from '../../domain/lineage-vocabulary.js';
import { referencesOfInfo, type DomainInfo } from '../../domain/provena/domain-info.js';
import { SUBTYPES, canAdminister, canEdit, type ProvenaSubtype, type SubtypeInfo } from '../../domain/provena/subtypes.js';
import type { RegistryKind } from '../../domain/registry-schemas.js';
import { upsertLineageNodes } from '../../store/lineage.js';
import { deleteItems, insertWholeItem, lockItem, setItemColumns, writeItemBody, type WholeItem } from '../../store/provena-registry.js';
import type { Db, Tx } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { LOCKED_DETAIL, badRequest, failed, notAuthorised, succeeded, type Caller } from './caller.js';
import { INITIAL_REASON, accessOf, lockOf, seconds, type LockInformation } from './item-view.js';
import { badReference, existingItem, findProvenaItem, rolesOn } from './registry-reads.js';

/** Provena's custom validation (→ 200 success:false "Validation Error: …"); undefined when the info is valid. */
export async function customValidationFault(db: Db, subtype: ProvenaSubtype, body: DomainInfo): Promise<string | undefined> {
  if (subtype === 'PERSON' && body.ethics_approved !== true) {
    return 'Validation Error: ethics_approved must be true: the person must consent to being registered.';
  }
  const bad = await badReference(db, referencesOfInfo(subtype, body));
  return bad ? `Validation Error: ${bad.field} "${bad.id}" is not a complete ${bad.subtype} item in the registry.` : undefined;
}

export async function nodeFor(tx: Tx, kind: string, id: string, displayName: string): Promise<void> {
  if (!(kind in REGISTRY_NODE_TYPES)) return;
  await upsertLineageNodes(tx, [{ id, display_name: displayName, ...REGISTRY_NODE_TYPES[kind as RegistryKind] }]);
}

/** A new item as one owner makes it: complete with its first history entry when a body is given, else a seed. */
export function newWholeItem(
  ctx: ServiceContext,
  info: SubtypeInfo,
  caller: Caller,
  body: DomainInfo | undefined,
  sessionId: string | undefined,
  id = ctx.newId(),
): WholeItem {
  const now = ctx.now();
  return {
    id,
    kind: info.kind,
    display_name: body?.display_name ?? '',
    body: body ?? {},
    record_type: body ? 'COMPLETE_ITEM' : 'SEED_ITEM',
    owner_username: caller.username,
    created_by: caller.id,
    created_at: now,
    updated_at: now,
    item_version: 1,
    previous_version: null,
    next_version: null,
    version_reason: null,
    workflow_links: sessionId ? { create_activity_workflow_id: sessionId } : null,
    access_settings: { owner: caller.username, general: [...info.defaultGeneral], groups: {} },
    lock_information: { locked: false, history: [] },
    history: body ? [{ version: 1, body, reason: INITIAL_REASON, username: caller.username, created_at: now }] : [],
  };
}

export async function seedItem(ctx: ServiceContext, subtype: ProvenaSubtype, caller: Caller) {
  const whole = newWholeItem(ctx, SUBTYPES[subtype], caller, undefined, undefined);
  await ctx.db.transaction().execute((tx) => insertWholeItem(tx, whole));
  const found = await findProvenaItem(ctx.db, whole.id);
  return { ...succeeded('Successfully seeded an item. Return item includes handle id.'), seeded_item: found!.item };
}

/** Creates a complete item; no CREATE activity is registered, the session id is a fresh id (see the docs). */
export async function createItem(ctx: ServiceContext, subtype: ProvenaSubtype, body: DomainInfo, caller: Caller) {
  const fault = await customValidationFault(ctx.db, subtype, body);
  // created_item has no default in the client's model: present, null.
  if (fault) return { ...failed(fault), created_item: null };
  const info = SUBTYPES[subtype];
  const sessionId = info.versioned ? ctx.newId() : undefined;
  const whole = newWholeItem(ctx, info, caller, body, sessionId);
  await ctx.db.transaction().execute(async (tx) => {
    await insertWholeItem(tx, whole);
    await nodeFor(tx, info.kind, whole.id, body.display_name);
  });
  const found = await findProvenaItem(ctx.db, whole.id);
  return {
    ...succeeded('Successfully uploaded the complete item. Return item includes handle id.'),
    created_item: found!.item,
    ...(sessionId ? { register_create_activity_session_id: sessionId } : {}),
  };
}

/** Checks shared by update and revert, in Provena's order after the body: lock, subtype, edit role. */
async function editable(ctx: ServiceContext, subtype: ProvenaSubtype, id: string, caller: Caller) {
  const found = await existingItem(ctx, id);
  if (found.lock.locked) notAuthorised(LOCKED_DETAIL);
  if (!found.row || found.info.subtype !== subtype) return { found, wrongSubtype: true };
  if (!canEdit(rolesOn(found, caller))) notAuthorised('You are not authorised to edit this item.');
  return { found, wrongSubtype: false };
}

export async function updateItem(ctx: ServiceContext, subtype: ProvenaSubtype, id: string, reason: string | undefined, body: DomainInfo, caller: Caller) {
  const fault = await customValidationFault(ctx.db, subtype, body);
  if (fault) return failed(fault);
  const { found, wrongSubtype } = await editable(ctx, subtype, id, caller);
  if (wrongSubtype) return failed(`Item with id ${id} is not a ${subtype} item.`);
  const wasSeed = found.item.record_type === 'SEED_ITEM';
  if (!wasSeed && !reason) badRequest('You must provide a reason when updating a complete item.');
  const info = found.info;
  const sessionId = wasSeed && info.versioned ? ctx.newId() : undefined;
  await ctx.db.transaction().execute(async (tx) => {
    await writeItemBody(tx, { id, body, reason: wasSeed ? INITIAL_REASON : reason!, updatedBy: caller.id, username: caller.username, now: ctx.now() });
    if (sessionId) await setItemColumns(tx, id, { workflow_links: JSON.stringify({ create_activity_workflow_id: sessionId }) });
    await nodeFor(tx, info.kind, id, body.display_name);
  });
  const details = `Successfully applied update. ${wasSeed ? 'Seeded item was updated to a complete item.' : "Complete item had it's contents updated."}`;
  return { ...succeeded(details), ...(sessionId ? { register_create_activity_session_id: sessionId } : {}) };
}

export async function revertItem(ctx: ServiceContext, subtype: ProvenaSubtype, req: { id: string; history_id: number; reason: string }, caller: Caller) {
  const { found, wrongSubtype } = await editable(ctx, subtype, req.id, caller);
  if (wrongSubtype) return failed(`Item with id ${req.id} is not a ${subtype} item.`);
  if (found.item.record_type === 'SEED_ITEM') badRequest('Cannot revert a seed item: it has no history.');
  const history = found.item.history as { id: number; item: DomainInfo }[];
  const entry = history.find((h) => h.id === req.history_id);
  if (!entry) badRequest(`There is no history entry with id ${req.history_id} for item ${req.id}.`);
  await ctx.db.transaction().execute(async (tx) => {
    const reason = `(Restoring to v${req.history_id}) ${req.reason}`;
    await writeItemBody(tx, { id: req.id, body: entry.item, reason, updatedBy: caller.id, username: caller.username, now: ctx.now() });
    await nodeFor(tx, found.info.kind, req.id, String(entry.item.display_name ?? ''));
  });
  return succeeded(`Successfully reverted item ${req.id} to v${req.history_id}.`);
}

/** POST P/version (§3.6): a new item copying the old one's domain info, linked both ways. */
export async function versionItem(ctx: ServiceContext, subtype: ProvenaSubtype, req: { id: string; reason: string }, caller: Caller) {
  const found = await findProvenaItem(ctx.db, req.id);
  if (!found || !found.row) badRequest(`Could not find item with id ${req.id} in the registry.`);
  if (!canAdminister(rolesOn(found, caller))) notAuthorised('You need the admin role on this item to version it.');
  if (found.item.record_type === 'SEED_ITEM') badRequest('Cannot version a seed item.');
  if (found.info.subtype !== subtype) badRequest(`Item with id ${req.id} is not a ${subtype} item.`);
  const sessionId = ctx.newId();
  const newId = ctx.newId();
  await ctx.db.transaction().execute(async (tx) => {
    const old = await lockItem(tx, req.id);
    // Checked under the row lock: of two concurrent versions of one item, only one links itself.
    if (!old || old.next_version) badRequest(`Item ${req.id} is not the latest version: it has a next version (${old?.next_version}).`);
    const body = old.body as DomainInfo;
    const now = ctx.now();
    const access = accessOf(old, found.info);
    await insertWholeItem(tx, {
      ...newWholeItem(ctx, found.info, caller, body, undefined),
      id: newId,
      created_at: now,
      updated_at: now,
      item_version: old.item_version + 1,
      previous_version: old.id,
      version_reason: req.reason,
      workflow_links: { version_activity_workflow_id: sessionId },
      access_settings: { ...access, owner: caller.username },
      history: [{ version: 1, body, reason: `New version of existing item (id=${old.id}).`, username: caller.username, created_at: now }],
    });
    await setItemColumns(tx, old.id, { next_version: newId });
    await nodeFor(tx, old.kind, newId, body.display_name);
  });
  return { new_version_id: newId, version_job_session_id: sessionId };
}

export async function deleteItem(ctx: ServiceContext, id: string) {
  const found = await existingItem(ctx, id);
  if (found.lock.locked) notAuthorised(LOCKED_DETAIL);
  if (!found.row) badRequest(`Item ${id} is a registered model run, which is kept as lodged.`);
  await ctx.db.transaction().execute((tx) => deleteItems(tx, [id]));
  return succeeded('Item deleted.');
}

export async function setLock(ctx: ServiceContext, req: { id: string; reason: string }, lock: boolean, caller: Caller) {
  const found = await existingItem(ctx, req.id);
  if (!found.row) badRequest(`Item ${req.id} is a registered model run, which cannot be locked.`);
  if (!canAdminister(rolesOn(found, caller))) notAuthorised('You need the admin role on this item to change its lock.');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await lockItem(tx, req.id);
    const current: LockInformation = lockOf(row!);
    if (current.locked === lock) badRequest(`The resource is already ${lock ? 'locked' : 'unlocked'}.`);
    const event = { action_type: lock ? 'LOCK' : 'UNLOCK', username: caller.username, reason: req.reason, timestamp: seconds(ctx.now()) };
    await setItemColumns(tx, req.id, { lock_information: JSON.stringify({ locked: lock, history: [...current.history, event] }) });
  });
  return succeeded(lock ? 'Resource locked successfully.' : 'Resource unlocked successfully.');
}
