// Who calls the Provena view, its status replies, and the HTTP statuses Provena answers business faults with.
import type { Principal } from '../context.js';

export interface Caller {
  id: string | null;
  username: string;
  /** runledger's admin role is Provena's entity-registry-admin: every role on every item. */
  isAdmin: boolean;
}

export function callerOf(principal: Principal | null): Caller {
  if (!principal) return { id: null, username: 'anonymous', isAdmin: false };
  return { id: principal.id, username: principal.username, isAdmin: principal.role === 'admin' };
}

export interface Status {
  success: boolean;
  details: string;
}
export const succeeded = (details: string): { status: Status } => ({ status: { success: true, details } });
export const failed = (details: string): { status: Status } => ({ status: { success: false, details } });

/**
 * A fault Provena answers with 400 or 401 and a `{detail}` sentence of its own (not runledger's catalogue:
 * the Provena scope sends any error's statusCode and message as FastAPI would).
 */
export class ProvenaHttpError extends Error {
  constructor(
    readonly statusCode: 400 | 401,
    message: string,
  ) {
    super(message);
    this.name = 'ProvenaHttpError';
  }
}

export function badRequest(detail: string): never {
  throw new ProvenaHttpError(400, detail);
}
export function notAuthorised(detail: string): never {
  throw new ProvenaHttpError(401, detail);
}

export const LOCKED_DETAIL = 'Cannot perform this action as the resource is locked.';
export const lockLookupFailed = (id: string) =>
  `Failed to check if locked. Error: Failed to retrieve ID ${id} from the lock table. Is the id correct?`;
