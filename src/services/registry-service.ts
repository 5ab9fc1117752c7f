// Registry use cases: create, read, list and update items, keeping each item's lineage node in step.
import { Errors, fail } from '../domain/errors.js';
import { versionTag, versionsListed, type IfMatch } from '../domain/etags.js';
import { REGISTRY_NODE_TYPES } from '../domain/lineage-vocabulary.js';
import { decodeIntegerKey, decodeTextKey, encodePageToken, rowsWithinBudget, toPage, type Page } from '../domain/pagination.js';
import { checkItemConsistency, checkReferences, referencesOf } from '../domain/registry-rules.js';
import type { RegistryBodies, RegistryKind } from '../domain/registry-schemas.js';
import { upsertLineageNodes } from '../store/lineage.js';
import {
  findRegistryItem,
  findRegistryItemsByIds,
  insertRegistryItem,
  listRegistryItems,
  listRegistryItemVersionSizes,
  listRegistryItemVersions,
  updateRegistryItem,
} from '../store/registry.js';
import type { RegistryItemRow } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';

export interface RegistryItemView {
  id: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

function toView(row: RegistryItemRow): RegistryItemView {
  return {
    ...row.body,
    id: row.id,
    version: row.version,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

async function checkBody<K extends RegistryKind>(ctx: ServiceContext, kind: K, body: RegistryBodies[K]): Promise<void> {
  checkItemConsistency(kind, body);
  const references = referencesOf(kind, body);
  const rows = await findRegistryItemsByIds(ctx.db, [...new Set(references.map((r) => r.id))]);
  checkReferences(references, new Map(rows.map((r) => [r.id, r.kind as RegistryKind])));
}

export async function createRegistryItem<K extends RegistryKind>(
  ctx: ServiceContext,
  kind: K,
  body: RegistryBodies[K],
  principal: Principal | null,
): Promise<RegistryItemView> {
  await checkBody(ctx, kind, body);
  const id = ctx.newId();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await insertRegistryItem(tx, { id, kind, body, createdBy: principal?.id ?? null, createdByName: principal?.username ?? null, now: ctx.now() });
    await upsertLineageNodes(tx, [{ id, display_name: body.display_name, ...REGISTRY_NODE_TYPES[kind] }]);
    return inserted;
  });
  return toView(row);
}

export async function getRegistryItem(ctx: ServiceContext, kind: RegistryKind, id: string): Promise<RegistryItemView> {
  const row = await findRegistryItem(ctx.db, kind, id);
  if (!row) fail(Errors.notFound, `no ${kind} item with id "${id}"`);
  return toView(row);
}

export async function listRegistry(
  ctx: ServiceContext,
  kind: RegistryKind,
  limit: number,
  pageToken: string | undefined,
  contains?: string,
): Promise<Page<RegistryItemView>> {
  const rows = await listRegistryItems(ctx.db, kind, limit, pageToken ? decodeTextKey(pageToken) : undefined, contains);
  return toPage(rows.map(toView), limit, (item) => [item.id]);
}

export async function updateRegistry<K extends RegistryKind>(
  ctx: ServiceContext,
  kind: K,
  id: string,
  body: RegistryBodies[K],
  reason: string | null,
  principal: Principal | null,
  ifMatch?: IfMatch,
): Promise<RegistryItemView> {
  await checkBody(ctx, kind, body);
  const fromVersions = ifMatch ? versionsListed(ifMatch) : undefined;
  await ctx.racepoints.beforeItemUpdate?.(id);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const updated = await updateRegistryItem(tx, { id, kind, body, reason, updatedBy: principal?.id ?? null, updatedByName: principal?.username ?? null, now: ctx.now(), fromVersions });
    if (updated) await upsertLineageNodes(tx, [{ id, display_name: body.display_name, ...REGISTRY_NODE_TYPES[kind] }]);
    return updated;
  });
  if (row) return toView(row);
  // A missing item is 404 whatever If-Match says: preconditions count only where the request could
  // otherwise succeed (RFC 9110 §13.2.1).
  const current = await findRegistryItem(ctx.db, kind, id);
  if (!current || !ifMatch) fail(Errors.notFound, `no ${kind} item with id "${id}"`);
  return fail(Errors.preconditionFailed, `${kind} item "${id}" is now at ETag ${versionTag(current.version)}, which If-Match does not list`);
}

/**
 * A page of history holds whole items, each up to the body limit: a page of 100 versions could be hundreds
 * of megabytes. So a page also ends once its items come to VERSION_PAGE_BYTES (always holding at least one).
 */
export const VERSION_PAGE_BYTES = 1024 * 1024;

export async function listVersions(ctx: ServiceContext, kind: RegistryKind, id: string, limit: number, pageToken: string | undefined) {
  await getRegistryItem(ctx, kind, id);
  const sizes = await listRegistryItemVersionSizes(ctx.db, id, limit, pageToken ? decodeIntegerKey(pageToken) : undefined);
  const count = rowsWithinBudget(sizes.map((s) => s.bytes), limit, VERSION_PAGE_BYTES);
  if (count === 0) return { data: [] };
  const rows = await listRegistryItemVersions(ctx.db, id, sizes[0]!.version, sizes[count - 1]!.version);
  const data = rows.map((r) => ({
    version: r.version,
    reason: r.reason,
    updated_by: r.updated_by,
    created_at: r.created_at.toISOString(),
    item: r.body,
  }));
  return sizes.length > count ? { data, next_page_token: encodePageToken([data[data.length - 1]!.version]) } : { data };
}
