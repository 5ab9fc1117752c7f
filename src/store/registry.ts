// Registry items: one row per item (current version) plus its version history.
import { sql } from 'kysely';
import type { RegistryKind } from '../domain/registry-schemas.js';
import { likeContaining } from './like.js';
import type { Db, RegistryItemRow, Tx } from './schema.js';

export interface NewRegistryItem {
  id: string;
  kind: RegistryKind;
  body: { display_name: string } & Record<string, unknown>;
  createdBy: string | null;
  /** The creator's username, as Provena's owner_username shows it. */
  createdByName?: string | null;
  now: Date;
}

export async function insertRegistryItem(tx: Tx, item: NewRegistryItem): Promise<RegistryItemRow> {
  const body = JSON.stringify(item.body);
  const row = await tx
    .insertInto('registry_items')
    .values({
      id: item.id,
      kind: item.kind,
      display_name: item.body.display_name,
      body,
      version: 1,
      created_by: item.createdBy,
      owner_username: item.createdByName ?? null,
      created_at: item.now,
      updated_at: item.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('registry_item_versions')
    .values({ item_id: item.id, version: 1, body, reason: 'created', updated_by: item.createdBy, username: item.createdByName ?? null, created_at: item.now })
    .execute();
  return row;
}

// Seed items (Provena's record info without a body) are not items yet for runledger's own view,
// nor for model run records, which Provena also requires to name complete items.
const COMPLETE = 'COMPLETE_ITEM';

export async function findRegistryItem(db: Db, kind: RegistryKind, id: string): Promise<RegistryItemRow | undefined> {
  return db
    .selectFrom('registry_items')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', '=', id)
    .where('record_type', '=', COMPLETE)
    .executeTakeFirst();
}

/** One query for every id a model run record names, whatever its kind: complete items only. */
export async function findRegistryItemsByIds(db: Db, ids: readonly string[]): Promise<RegistryItemRow[]> {
  if (ids.length === 0) return [];
  // One array parameter however many ids: a record may name thousands.
  return db
    .selectFrom('registry_items')
    .selectAll()
    .where(sql<boolean>`id = ANY(${ids}::text[])`)
    .where('record_type', '=', COMPLETE)
    .execute();
}

export async function listRegistryItems(
  db: Db,
  kind: RegistryKind,
  limit: number,
  afterId: string | undefined,
  contains?: string,
): Promise<RegistryItemRow[]> {
  let query = db.selectFrom('registry_items').selectAll().where('kind', '=', kind).where('record_type', '=', COMPLETE);
  if (afterId) query = query.where('id', '>', afterId);
  if (contains) {
    // The id, the name or any top-level text field: what a person searching a list means.
    const pattern = likeContaining(contains);
    query = query.where((eb) =>
      eb.or([
        eb('id', 'ilike', pattern),
        eb('display_name', 'ilike', pattern),
        sql<boolean>`EXISTS (SELECT 1 FROM jsonb_each_text(body) AS f WHERE jsonb_typeof(body -> f.key) = 'string' AND f.value ILIKE ${pattern})`,
      ]),
    );
  }
  return query.orderBy('id').limit(limit + 1).execute();
}

export interface RegistryItemUpdate {
  id: string;
  kind: RegistryKind;
  body: NewRegistryItem['body'];
  reason: string | null;
  updatedBy: string | null;
  updatedByName?: string | null;
  now: Date;
  /** Compare-and-set: update only if the item is at one of these versions; undefined updates any version. */
  fromVersions?: readonly number[] | undefined;
}

/** undefined when there is no such item, or it is at none of `fromVersions`. */
export async function updateRegistryItem(tx: Tx, update: RegistryItemUpdate): Promise<RegistryItemRow | undefined> {
  if (update.fromVersions?.length === 0) return undefined;
  const body = JSON.stringify(update.body);
  let query = tx
    .updateTable('registry_items')
    .set((eb) => ({
      body,
      display_name: update.body.display_name,
      version: eb('version', '+', 1),
      updated_at: update.now,
    }))
    .where('kind', '=', update.kind)
    .where('id', '=', update.id)
    .where('record_type', '=', COMPLETE);
  // The version is tested by the UPDATE itself: a concurrent update holds the row lock until it commits,
  // and PostgreSQL then re-tests this WHERE against the row it wrote, so of two updates from one version
  // exactly one matches.
  if (update.fromVersions) query = query.where('version', 'in', update.fromVersions);
  const row = await query.returningAll().executeTakeFirst();
  if (!row) return undefined;
  await tx
    .insertInto('registry_item_versions')
    .values({
      item_id: row.id,
      version: row.version,
      body,
      reason: update.reason,
      updated_by: update.updatedBy,
      username: update.updatedByName ?? null,
      created_at: update.now,
    })
    .execute();
  return row;
}

/** Newest first, keyset on version: each version's size as JSON text, so a page can be cut before reading bodies. */
export async function listRegistryItemVersionSizes(db: Db, id: string, limit: number, beforeVersion: number | undefined) {
  let query = db
    .selectFrom('registry_item_versions')
    .select(['version', sql<number>`octet_length(body::text)`.as('bytes')])
    .where('item_id', '=', id);
  if (beforeVersion !== undefined) query = query.where('version', '<', beforeVersion);
  return query.orderBy('version', 'desc').limit(limit + 1).execute();
}

/** Versions newest..oldest of an item, newest first. */
export async function listRegistryItemVersions(db: Db, id: string, newest: number, oldest: number) {
  return db
    .selectFrom('registry_item_versions')
    .selectAll()
    .where('item_id', '=', id)
    .where('version', '<=', newest)
    .where('version', '>=', oldest)
    .orderBy('version', 'desc')
    .execute();
}
