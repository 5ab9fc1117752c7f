// Users and API keys: the bootstrap admin, password login, and admin management.
import { randomBytes } from 'node:crypto';
import { Errors, fail } from '../../domain/errors.js';
import { decodeUuidKey, toPage } from '../../domain/pagination.js';
import type { Role } from '../../domain/roles.js';
import {
  countUsers,
  findApiKeyById,
  findUserByUsername,
  insertApiKey,
  insertUser,
  listApiKeys,
  listUsers,
  lockEnabledAdmins,
  revokeApiKey,
  updateUser,
} from '../../store/accounts.js';
import type { ApiKeyRow, UserRow } from '../../store/schema.js';
import type { Principal, ServiceContext } from '../context.js';
import { forgetApiKeys } from './api-key-cache.js';
import { generateApiKey, hashApiKey } from './api-keys.js';
import { admitLogin, type LoginLimits } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { TokenIssuer } from './tokens.js';

export const BOOTSTRAP_ADMIN = 'admin';

/**
 * On an empty store, creates `admin` with the configured password, or a generated one that is
 * returned so the caller can print it once. Safe when several processes start together.
 */
export async function bootstrapAdmin(ctx: ServiceContext, configured: string | undefined): Promise<string | undefined> {
  if ((await countUsers(ctx.db)) > 0) return undefined;
  const password = configured ?? randomBytes(18).toString('base64url');
  const inserted = await insertUser(ctx.db, {
    id: ctx.newId(),
    username: BOOTSTRAP_ADMIN,
    password_hash: await hashPassword(password),
    role: 'admin',
    created_by: null,
    created_at: ctx.now(),
  });
  return inserted && !configured ? password : undefined;
}

/**
 * RUNLEDGER_ADMIN_PASSWORD sets the password of `admin` on an empty store only. When it is set and `admin`
 * already has another password, the operator is told so (and how to reset it), rather than left to find
 * every call refused.
 */
export async function configuredPasswordMismatch(ctx: ServiceContext, configured: string | undefined): Promise<string | undefined> {
  if (!configured) return undefined;
  const admin = await findUserByUsername(ctx.db, BOOTSTRAP_ADMIN);
  if (!admin || (await verifyPassword(configured, admin.password_hash))) return undefined;
  return (
    `RUNLEDGER_ADMIN_PASSWORD is set, but user "${BOOTSTRAP_ADMIN}" of this store already has another password: the ` +
    'variable only chooses the password of a new store. To make it the password now, stop the server and run ' +
    `\`runledger admin reset-password ${BOOTSTRAP_ADMIN} --password-stdin\` with the same RUNLEDGER_DATA_DIR or DATABASE_URL, ` +
    'or sign in with the current password and POST /users/me/password.'
  );
}

/** Sets a user's password (an operator's reset, or an admin's change); the user's tokens stay valid until they expire. */
export async function setPassword(ctx: ServiceContext, username: string, password: string): Promise<void> {
  const user = await findUserByUsername(ctx.db, username);
  if (!user) fail(Errors.notFound, `no user "${username}"`);
  await updateUser(ctx.db, user.id, { password_hash: await hashPassword(password) });
}

/** A signed-in user changes their own password, proving the current one (failures count as failed logins). */
export async function changeOwnPassword(
  ctx: ServiceContext,
  limits: LoginLimits,
  principal: Principal | null,
  input: { current_password: string; new_password: string; ip: string },
): Promise<void> {
  if (!principal || principal.kind !== 'user') {
    fail(Errors.validation, 'only a user signed in with a password has one to change; API keys and external identities do not');
  }
  const attempt = await admitLogin(ctx, limits, principal.username, input.ip);
  const user = await findUserByUsername(ctx.db, principal.username);
  if (!user || !(await verifyPassword(input.current_password, user.password_hash))) {
    await attempt.failed();
    fail(Errors.validation, 'current_password is not the current password', { errors: [{ field: 'current_password', message: 'is not the current password' }] });
  }
  await attempt.succeeded();
  await updateUser(ctx.db, user.id, { password_hash: await hashPassword(input.new_password) });
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

export interface LoginRequest {
  username: string;
  password: string;
  /** The client's address, as the HTTP layer sees it. */
  ip: string;
}

export async function issueToken(ctx: ServiceContext, tokens: TokenIssuer, limits: LoginLimits, login: LoginRequest) {
  const { username, password } = login;
  const attempt = await admitLogin(ctx, limits, username, login.ip);
  const user = await findUserByUsername(ctx.db, username);
  const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  if (!user || !valid) {
    await attempt.failed();
    fail(Errors.unauthenticated, 'incorrect username or password');
  }
  await attempt.succeeded();
  if (user.disabled) fail(Errors.unauthenticated, `user "${username}" is disabled`);
  const { token, expiresIn } = await tokens.sign({ id: user.id, username: user.username, role: user.role as Role });
  return { access_token: token, token_type: 'bearer' as const, expires_in: expiresIn };
}

function userView(row: UserRow) {
  return { id: row.id, username: row.username, role: row.role as Role, disabled: row.disabled, created_at: row.created_at.toISOString() };
}

function keyView(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    revoked_at: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}

const afterId = (pageToken: string | undefined) => (pageToken ? decodeUuidKey(pageToken) : undefined);

export async function createUser(ctx: ServiceContext, input: { username: string; password: string; role: Role }, by: Principal | null) {
  const row = await insertUser(ctx.db, {
    id: ctx.newId(),
    username: input.username,
    password_hash: await hashPassword(input.password),
    role: input.role,
    created_by: by?.id ?? null,
    created_at: ctx.now(),
  });
  if (!row) fail(Errors.conflict, `username "${input.username}" is taken`);
  return userView(row);
}

export async function pageUsers(ctx: ServiceContext, limit: number, pageToken: string | undefined) {
  const rows = await listUsers(ctx.db, limit, afterId(pageToken));
  return toPage(rows.map(userView), limit, (u) => [u.id]);
}

export async function changeUser(ctx: ServiceContext, id: string, changes: { role?: Role; disabled?: boolean; password?: string }) {
  const { password, ...rest } = changes;
  const update = { ...rest, ...(password !== undefined ? { password_hash: await hashPassword(password) } : {}) };
  const row = await ctx.db.transaction().execute(async (tx) => {
    const admins = await lockEnabledAdmins(tx);
    const losesAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
    if (losesAdmin && admins.length === 1 && admins[0] === id) {
      fail(Errors.conflict, 'this change would leave no enabled admin');
    }
    return updateUser(tx, id, update);
  });
  if (!row) fail(Errors.notFound, `no user with id "${id}"`);
  return userView(row);
}

export async function createApiKey(ctx: ServiceContext, input: { name: string; role: Role }, by: Principal | null) {
  const key = generateApiKey();
  const row = await insertApiKey(ctx.db, {
    id: ctx.newId(),
    name: input.name,
    role: input.role,
    key_hash: hashApiKey(key),
    created_by: by?.id ?? null,
    created_at: ctx.now(),
  });
  return { ...keyView(row), key };
}

export async function pageApiKeys(ctx: ServiceContext, limit: number, pageToken: string | undefined) {
  const rows = await listApiKeys(ctx.db, limit, afterId(pageToken));
  return toPage(rows.map(keyView), limit, (k) => [k.id]);
}

export async function deleteApiKey(ctx: ServiceContext, id: string): Promise<void> {
  const revoked = await revokeApiKey(ctx.db, id, ctx.now());
  // This process stops accepting the key at once; others within API_KEY_CACHE_MS (api-key-cache.ts).
  forgetApiKeys(ctx.db);
  if (revoked) return;
  const existing = await findApiKeyById(ctx.db, id);
  if (!existing) fail(Errors.notFound, `no API key with id "${id}"`);
  // Already revoked: DELETE is idempotent.
}
