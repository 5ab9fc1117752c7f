// Keyset pagination: the page token is the opaque, encoded sort key of the last row served.
import { Type } from '@sinclair/typebox';
import { Errors, fail } from './errors.js';
import { isUuid } from './ids.js';
import { MAX_STORED_INTEGER } from './storable-json.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export const PageQuerySchema = Type.Object({
  max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
  page_token: Type.Optional(Type.String({ minLength: 1 })),
});

export type PageKey = readonly (string | number)[];

// base64url by hand over btoa/atob rather than Buffer: the web UI type-checks these schemas too, without Node.
function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(token: string): string {
  const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodePageToken(key: PageKey): string {
  return toBase64Url(JSON.stringify(key));
}

export function decodePageToken(token: string, arity: number): PageKey {
  try {
    const key: unknown = JSON.parse(fromBase64Url(token));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part) => typeof part === 'string' || typeof part === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the problem below
  }
  return fail(Errors.badPageToken, 'page_token was not issued by this list; start again without it');
}

export interface Page<T> {
  data: T[];
  next_page_token?: string;
}

/** Store functions fetch limit + 1 rows; the extra row only says that another page exists. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => PageKey): Page<T> {
  if (rows.length <= limit) return { data: rows };
  const data = rows.slice(0, limit);
  return { data, next_page_token: encodePageToken(keyOf(data[data.length - 1]!)) };
}

/**
 * How many rows, of those fetched for a page (limit + 1, sizes in bytes, in page order), the page holds:
 * at most `limit`, at most `budget` bytes together, and always at least one, however large.
 */
export function rowsWithinBudget(sizes: readonly number[], limit: number, budget: number): number {
  let total = 0;
  let count = 0;
  for (const size of sizes.slice(0, limit)) {
    if (count > 0 && total + size > budget) break;
    total += size;
    count++;
  }
  return count;
}

/** A page token whose key is one integer (a position or version). */
export function decodeIntegerKey(token: string): number {
  const [value] = decodePageToken(token, 1);
  // Integer keys are positions and versions: PostgreSQL integers, so anything past them was never issued.
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_STORED_INTEGER) {
    fail(Errors.badPageToken, 'page_token was not issued by this list');
  }
  return value as number;
}

/** A page token whose key is two strings (a name and an id). */
export function decodeStringPairKey(token: string): [string, string] {
  const [a, b] = decodePageToken(token, 2);
  if (typeof a !== 'string' || typeof b !== 'string') fail(Errors.badPageToken, 'page_token was not issued by this list');
  return [a, b];
}

/** A page token whose key is `arity` strings. */
export function decodeStringsKey(token: string, arity: number): string[] {
  const key = decodePageToken(token, arity);
  if (!key.every((part) => typeof part === 'string')) fail(Errors.badPageToken, 'page_token was not issued by this list');
  return key as string[];
}

/** A page token whose key is one text id (registry ids may be Provena handles, not UUIDs). */
export function decodeTextKey(token: string): string {
  const [id] = decodePageToken(token, 1);
  if (typeof id !== 'string' || id === '') fail(Errors.badPageToken, 'page_token was not issued by this list');
  return id;
}

/** A page token whose key is one id. */
export function decodeUuidKey(token: string): string {
  const [id] = decodePageToken(token, 1);
  if (typeof id !== 'string' || !isUuid(id)) fail(Errors.badPageToken, 'page_token was not issued by this list');
  return id;
}
