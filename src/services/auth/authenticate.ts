// Turns request credentials into a Principal: an API key, our JWT, or an external OIDC issuer's JWT.
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { Errors, fail } from '../../domain/errors.js';
import { uuidFromDigest } from '../../domain/ids.js';
import { isRole } from '../../domain/roles.js';
import { findApiKeyByHash, findUserById } from '../../store/accounts.js';
import type { Db } from '../../store/schema.js';
import type { Principal } from '../context.js';
import { rememberApiKey, rememberedApiKey } from './api-key-cache.js';
import { API_KEY_PREFIX, hashApiKey } from './api-keys.js';
import { TOKEN_ISSUER, type OidcVerifier, type TokenIssuer } from './tokens.js';

export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

export interface Authenticator {
  /** null when no credentials were sent; throws RL_UNAUTHENTICATED when they are not valid. */
  authenticate(credentials: Credentials): Promise<Principal | null>;
}

async function fromApiKey(db: Db, key: string): Promise<Principal> {
  const keyHash = hashApiKey(key);
  const remembered = rememberedApiKey(db, keyHash, Date.now());
  if (remembered) return remembered;
  const row = await findApiKeyByHash(db, keyHash);
  if (!row) fail(Errors.unauthenticated, 'API key is not valid');
  if (row.revoked_at) fail(Errors.unauthenticated, 'API key has been revoked');
  if (!isRole(row.role)) fail(Errors.unauthenticated, 'API key has an unknown role');
  const principal: Principal = { id: row.id, username: `api-key:${row.name}`, role: row.role, kind: 'api_key' };
  rememberApiKey(db, keyHash, principal, Date.now());
  return principal;
}

async function fromOwnToken(db: Db, tokens: TokenIssuer, token: string): Promise<Principal> {
  const payload = await tokens.verify(token).catch((err: Error) => fail(Errors.unauthenticated, `token is not valid: ${err.message}`));
  // The user row, not the token, is the truth: a disabled user or a changed role takes effect at once.
  const user = await findUserById(db, String(payload.sub));
  if (!user) fail(Errors.unauthenticated, 'token names an unknown user');
  if (user.disabled) fail(Errors.unauthenticated, `user "${user.username}" is disabled`);
  if (!isRole(user.role)) fail(Errors.unauthenticated, 'user has an unknown role');
  return { id: user.id, username: user.username, role: user.role, kind: 'user' };
}

async function fromOidcToken(oidc: OidcVerifier, token: string): Promise<Principal> {
  const claims = await oidc.verify(token).catch((err: Error) => fail(Errors.unauthenticated, `token is not valid: ${err.message}`));
  if (!claims.role) fail(Errors.forbidden, `token of "${claims.username}" carries no runledger role`);
  const id = uuidFromDigest(createHash('sha256').update(`${oidc.issuer}|${claims.subject}`).digest('hex'));
  return { id, username: claims.username, role: claims.role, kind: 'oidc' };
}

function issuerOf(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return fail(Errors.unauthenticated, 'bearer credential is neither an API key nor a JWT');
  }
}

export function createAuthenticator(db: Db, tokens: TokenIssuer, oidc: OidcVerifier | undefined): Authenticator {
  return {
    async authenticate({ authorization, apiKey }) {
      if (apiKey) return fromApiKey(db, apiKey);
      if (!authorization) return null;
      const [scheme, credential] = authorization.split(' ', 2);
      if (scheme?.toLowerCase() !== 'bearer' || !credential) fail(Errors.unauthenticated, 'Authorization must be "Bearer <token or API key>"');
      if (credential.startsWith(API_KEY_PREFIX)) return fromApiKey(db, credential);
      const issuer = issuerOf(credential);
      if (issuer === TOKEN_ISSUER) return fromOwnToken(db, tokens, credential);
      if (oidc && issuer === oidc.issuer) return fromOidcToken(oidc, credential);
      return fail(Errors.unauthenticated, `tokens from issuer "${issuer ?? '(none)'}" are not accepted`);
    },
  };
}
