// Registry rows as Provena's registry reads and writes them: any kind by id, seeds, whole-item writes with
// their history (import and versioning keep ids and timestamps), and Provena's list orders.
import { sql, type RawBuilder } from 'kysely';
import { isUuid } from '../domain/ids.js';
import type { Db, RegistryItemRow, Tx } from './schema.js';

export interface HistoryRow {
  item_id: string;
  version: number;
  body: Record<string, unknown>;
  reason: string | null;
  updated_by: string | null;
  username: string | null;
  created_at: Date;
}

export async function findItemById(db: Db | Tx, id: string): Promise<RegistryItemRow | undefined> {
  return db.selectFrom('registry_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Versions of the items, newest first within each item. */
export async function findHistories(db: Db | Tx, ids: readonly string[]): Promise<Map<string, HistoryRow[]>> {
  const out = new Map<string, HistoryRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('registry_item_versions')
    .selectAll()
    .where(sql<boolean>`item_id = ANY(${ids}::text[])`)
    .orderBy('item_id')
    .orderBy('version', 'desc')
    .execute();
  for (const row of rows) out.get(row.item_id)?.push(row as HistoryRow);
  return out;
}

/** A whole item as written by create, seed, version and import: the row and its history entries. */
export interface WholeItem {
  id: string;
  kind: string;
  display_name: string;
  body: Record<string, unknown>;
  record_type: 'SEED_ITEM' | 'COMPLETE_ITEM';
  owner_username: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  item_version: number;
  previous_version: string | null;
  next_version: string | null;
  version_reason: string | null;
  workflow_links: Record<string, unknown> | null;
  access_settings: Record<string, unknown> | null;
  lock_information: Record<string, unknown> | null;
  history: { version: number; body: Record<string, unknown>; reason: string; username: string; created_at: Date }[];
}

export async function insertWholeItem(tx: Tx, item: WholeItem): Promise<void> {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await tx
    .insertInto('registry_items')
    .values({
      id: item.id,
      kind: item.kind,
      display_name: item.display_name,
      body: JSON.stringify(item.body),
      // runledger's edit counter is the newest history entry (0 for a seed, which has none).
      version: item.history.reduce((max, h) => Math.max(max, h.version), 0),
      record_type: item.record_type,
      owner_username: item.owner_username,
      created_by: item.created_by,
      created_at: item.created_at,
      updated_at: item.updated_at,
      item_version: item.item_version,
      previous_version: item.previous_version,
      next_version: item.next_version,
      version_reason: item.version_reason,
      workflow_links: json(item.workflow_links),
      access_settings: json(item.access_settings),
      lock_information: json(item.lock_information),
    })
    .execute();
  if (item.history.length === 0) return;
  await tx
    .insertInto('registry_item_versions')
    .values(
      item.history.map((h) => ({
        item_id: item.id,
        version: h.version,
        body: JSON.stringify(h.body),
        reason: h.reason,
        updated_by: item.created_by,
        username: h.username,
        created_at: h.created_at,
      })),
    )
    .execute();
}

export async function deleteItems(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.deleteFrom('registry_items').where(sql<boolean>`id = ANY(${ids}::text[])`).execute();
}

export interface BodyWrite {
  id: string;
  body: Record<string, unknown>;
  reason: string;
  updatedBy: string | null;
  username: string;
  now: Date;
}

/** Replaces the body and appends a history entry (a seed's first entry is version 1, i.e. history id 0). */
export async function writeItemBody(tx: Tx, write: BodyWrite): Promise<RegistryItemRow | undefined> {
  const body = JSON.stringify(write.body);
  const row = await tx
    .updateTable('registry_items')
    .set((eb) => ({
      body,
      display_name: String(write.body.display_name ?? ''),
      version: eb('version', '+', 1),
      record_type: 'COMPLETE_ITEM',
      updated_at: write.now,
    }))
    .where('id', '=', write.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await tx
    .insertInto('registry_item_versions')
    .values({ item_id: row.id, version: row.version, body, reason: write.reason, updated_by: write.updatedBy, username: write.username, created_at: write.now })
    .execute();
  return row;
}

export async function setItemColumns(
  tx: Tx,
  id: string,
  set: { next_version?: string; workflow_links?: string; access_settings?: string; lock_information?: string },
): Promise<void> {
  await tx.updateTable('registry_items').set(set).where('id', '=', id).execute();
}

/** Takes the item's row lock, so concurrent writes to one item (update, version, lock) run one after another. */
export async function lockItem(tx: Tx, id: string): Promise<RegistryItemRow | undefined> {
  return tx.selectFrom('registry_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listAllItems(db: Db): Promise<RegistryItemRow[]> {
  return db.selectFrom('registry_items').selectAll().orderBy('id').execute();
}

export async function listAllIds(db: Db | Tx): Promise<string[]> {
  const rows = await db.selectFrom('registry_items').select('id').execute();
  return rows.map((r) => r.id);
}

/** Ids of registered runs, which Provena's view shows as MODEL_RUN items. */
export async function listRegisteredRunIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('runs').select('id').where('kind', '=', 'registered').execute();
  return rows.map((r) => r.id);
}

export const SORT_COLUMNS = {
  UPDATED_TIME: sql`updated_at`,
  CREATED_TIME: sql`created_at`,
  DISPLAY_NAME: sql`display_name`,
  RELEASE_TIMESTAMP: sql`((body->>'release_timestamp')::bigint)`,
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;

export interface ItemQuery {
  kinds?: readonly string[];
  recordType: 'ALL' | 'SEED_ONLY' | 'COMPLETE_ONLY';
  releaseStatus?: string;
  releaseReviewer?: string;
  accessUriPrefix?: string;
  sort: SortKey;
  ascending: boolean;
  /** The sort value (as JSON: ISO time, text or number) and id of the last item of the previous page. */
  after?: [string | number, string];
  limit: number;
}

/** One page in Provena's order, keyset on (sort value, id); fetches limit + 1 rows to know whether more follow. */
export async function queryItems(db: Db, q: ItemQuery): Promise<RegistryItemRow[]> {
  const column = SORT_COLUMNS[q.sort];
  const where: RawBuilder<unknown>[] = [];
  if (q.kinds) where.push(sql`kind = ANY(${q.kinds}::text[])`);
  if (q.releaseStatus !== undefined) {
    where.push(sql`kind = 'datasets' AND record_type = 'COMPLETE_ITEM' AND body->>'release_status' = ${q.releaseStatus}`);
  } else if (q.recordType !== 'ALL') {
    where.push(sql`record_type = ${q.recordType === 'SEED_ONLY' ? 'SEED_ITEM' : 'COMPLETE_ITEM'}`);
  }
  if (q.releaseReviewer !== undefined) where.push(sql`kind = 'datasets' AND body->>'release_approver' = ${q.releaseReviewer}`);
  if (q.accessUriPrefix !== undefined) where.push(sql`starts_with(body->>'access_info_uri', ${q.accessUriPrefix})`);
  // Items lacking the sort attribute are not listed under it (seeds have no display name).
  if (q.sort === 'DISPLAY_NAME') where.push(sql`record_type = 'COMPLETE_ITEM'`);
  if (q.sort === 'RELEASE_TIMESTAMP') where.push(sql`body ? 'release_timestamp'`);
  if (q.after) {
    const [value, id] = q.after;
    const typed = q.sort === 'RELEASE_TIMESTAMP' ? sql`${Number(value)}::bigint` : q.sort === 'DISPLAY_NAME' ? sql`${String(value)}::text` : sql`${String(value)}::timestamptz`;
    where.push(q.ascending ? sql`(${column}, id) > (${typed}, ${id})` : sql`(${column}, id) < (${typed}, ${id})`);
  }
  const direction = q.ascending ? sql`ASC` : sql`DESC`;
  const condition = where.length ? sql.join(where, sql` AND `) : sql`TRUE`;
  const result = await sql<RegistryItemRow>`
    SELECT * FROM registry_items WHERE ${condition}
     ORDER BY ${column} ${direction}, id ${direction} LIMIT ${q.limit + 1}
  `.execute(db);
  return result.rows;
}

/**
 * The names Provena shows for who wrote rows, by principal id: the user's username, or `api-key:<name>` for
 * an API key. One query however many ids (a list page or an export names many).
 */
export async function findPrincipalNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const uuids = [...new Set(ids.filter(isUuid))];
  if (uuids.length === 0) return new Map();
  const result = await sql<{ id: string; name: string }>`
    SELECT id::text AS id, username AS name FROM users WHERE id = ANY(${uuids}::uuid[])
    UNION ALL SELECT id::text, 'api-key:' || name FROM api_keys WHERE id = ANY(${uuids}::uuid[])
  `.execute(db);
  return new Map(result.rows.map((r) => [r.id, r.name]));
}
