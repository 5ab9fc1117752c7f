// Roles are ordered: each one may do everything the ones below it may.
export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs: nothing, or at least the matching role. */
export const ACCESS_LEVELS = ['public', 'read', 'write', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const RANK: Record<Role, number> = { reader: 1, writer: 2, admin: 3 };
const NEEDED: Record<Access, number> = { public: 0, read: 1, write: 2, admin: 3 };

export function roleAllows(role: Role, access: Access): boolean {
  return RANK[role] >= NEEDED[access];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The role an access level needs, for documentation (OpenAPI security requirements). */
export function roleFor(access: Exclude<Access, 'public'>): Role {
  return access === 'read' ? 'reader' : access === 'write' ? 'writer' : 'admin';
}
