// What PostgreSQL can store of a JSON value: text and jsonb hold no NUL and no unpaired UTF-16 surrogate.

/** Reports a bad field; never returns. */
export type Invalid = (field: string, message: string) => never;

/** PostgreSQL text and jsonb reject NUL and unpaired UTF-16 surrogates; refuse them with a 400, not a 500. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The largest PostgreSQL `integer`: versions, positions and durations a client names are checked against it. */
export const MAX_STORED_INTEGER = 2_147_483_647;

/** Deeper documents are refused before they can exhaust a recursive walk (here or in PostgreSQL). */
export const MAX_JSON_DEPTH = 64;

export function checkStorableText(value: string | null | undefined, field: string, invalid: Invalid): void {
  if (typeof value === 'string' && UNSTORABLE.test(value)) {
    invalid(field, 'contains a NUL character or an unpaired surrogate, which cannot be stored');
  }
}

export function checkStorableJson(value: unknown, field: string, invalid: Invalid, depth = 0): void {
  if (typeof value === 'string') return checkStorableText(value, field, invalid);
  // JSON.parse turns 1e400 into Infinity, which has no JSON form to store or hash.
  if (typeof value === 'number' && !Number.isFinite(value)) invalid(field, 'is a number too large to represent');
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_JSON_DEPTH) invalid(field, `nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkStorableJson(item, `${field}[${i}]`, invalid, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    checkStorableText(key, `${field} (a key)`, invalid);
    checkStorableJson(item, `${field}.${key}`, invalid, depth + 1);
  }
}

/** Any JSON value: what an ingested step run's outputs may be (an object, an array, a scalar or null). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
