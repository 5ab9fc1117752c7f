// Users, API keys and server settings.
import { isUuid } from '../domain/ids.js';
import type { ApiKeyRow, Db, Tx, UserRow } from './schema.js';

export async function insertUser(db: Db | Tx, user: Omit<UserRow, 'disabled'> & { disabled?: boolean }): Promise<UserRow | undefined> {
  return db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db, limit: number, afterId: string | undefined): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll();
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit + 1).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(tx: Tx | Db, id: string, changes: { role?: string; disabled?: boolean; password_hash?: string }): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  return tx.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Enabled admins, locked so two concurrent demotions cannot both pass the last-admin check. */
export async function lockEnabledAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', false).forUpdate().execute();
  return rows.map((r) => r.id);
}

export async function insertApiKey(db: Db, key: Omit<ApiKeyRow, 'revoked_at'>): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

export async function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function listApiKeys(db: Db, limit: number, afterId: string | undefined): Promise<ApiKeyRow[]> {
  let query = db.selectFrom('api_keys').selectAll();
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit + 1).execute();
}

export async function revokeApiKey(db: Db, id: string, now: Date): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findApiKeyById(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Returns the stored value, storing `value` first if the key is new (first writer wins across processes). */
export async function getOrCreateSetting(db: Db, key: string, value: string): Promise<string> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
