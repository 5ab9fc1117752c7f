// Bearer tokens: our own HS256 JWTs (jose), and optionally RS256 JWTs from an external OIDC issuer.
import { randomBytes } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { isRole, type Role } from '../../domain/roles.js';
import { getOrCreateSetting } from '../../store/accounts.js';
import type { Db } from '../../store/schema.js';

export const TOKEN_ISSUER = 'runledger';

export interface TokenIssuer {
  sign(user: { id: string; username: string; role: Role }): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<JWTPayload>;
}

/**
 * The operator's key when given (kept out of the store and its backups); otherwise a random key kept in the
 * store, so every server process on it issues and accepts the same tokens.
 */
export async function createTokenIssuer(db: Db, ttlSeconds: number, configuredSecret?: string): Promise<TokenIssuer> {
  const secret = configuredSecret
    ? new TextEncoder().encode(configuredSecret)
    : Buffer.from(await getOrCreateSetting(db, 'jwt_hs256_key', randomBytes(32).toString('base64url')), 'base64url');
  return {
    async sign(user) {
      const token = await new SignJWT({ username: user.username, role: user.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer(TOKEN_ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(secret);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, secret, { issuer: TOKEN_ISSUER, algorithms: ['HS256'] });
      return payload;
    },
  };
}

export interface OidcOptions {
  issuer: string;
  audience: string | undefined;
  rolesClaim: string;
}

export interface OidcVerifier {
  issuer: string;
  verify(token: string): Promise<{ subject: string; username: string; role: Role | undefined }>;
}

// Provena's Keycloak realm roles map onto ours; plain role names are accepted too.
const ROLE_NAMES: [Role, string[]][] = [
  ['admin', ['admin', 'runledger-admin', 'entity-registry-admin']],
  ['writer', ['writer', 'runledger-writer', 'entity-registry-write']],
  ['reader', ['reader', 'runledger-reader', 'entity-registry-read']],
];

function claimAt(payload: JWTPayload, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), payload);
}

export function roleFromClaims(payload: JWTPayload, rolesClaim: string): Role | undefined {
  const value = claimAt(payload, rolesClaim);
  const names = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  for (const [role, accepted] of ROLE_NAMES) {
    if (names.some((n) => typeof n === 'string' && accepted.includes(n))) return role;
  }
  return names.find(isRole);
}

export function createOidcVerifier(options: OidcOptions): OidcVerifier {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keys = async () => {
    if (!jwks) {
      const res = await fetch(`${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`OIDC discovery failed with ${res.status}`);
      const { jwks_uri } = (await res.json()) as { jwks_uri: string };
      jwks = createRemoteJWKSet(new URL(jwks_uri));
    }
    return jwks;
  };
  return {
    issuer: options.issuer,
    async verify(token) {
      const { payload } = await jwtVerify(token, await keys(), {
        issuer: options.issuer,
        algorithms: ['RS256'],
        ...(options.audience ? { audience: options.audience } : {}),
      });
      const username = String(payload.preferred_username ?? payload.sub ?? '');
      return { subject: String(payload.sub ?? ''), username, role: roleFromClaims(payload, options.rolesClaim) };
    },
  };
}
