// Free-form objects in request bodies (user_metadata, Gentrace inputs and outputs, ...), bounded so that no
// one body costs seconds to validate, hash and store. The limits live in the schema, so /openapi.json states
// them: maxProperties is JSON Schema; nesting depth is not, so it is the vendor keyword x-max-depth, which the
// request validator enforces (src/http/plugins/validation.ts) with depthOf below.
import { Type } from '@sinclair/typebox';

export const MAX_DEPTH_KEYWORD = 'x-max-depth';

/** Enough for any metadata or step payload we have seen; a map larger than this belongs in a dataset. */
export const FREE_FORM_MAX_KEYS = 1000;
/** Levels of objects and arrays, counting the field's own object: {"a": [1]} is 2 deep. */
export const FREE_FORM_MAX_DEPTH = 32;

/** String keys to string values, as Provena's user_metadata. */
export function StringMap(description: string, maxKeys = FREE_FORM_MAX_KEYS) {
  return Type.Record(Type.String(), Type.String(), { description: `${description}. At most ${maxKeys} keys.`, maxProperties: maxKeys });
}

/** String keys to any JSON values. */
export function JsonMap(description: string, limits: { maxKeys?: number; maxDepth?: number } = {}) {
  const maxProperties = limits.maxKeys ?? FREE_FORM_MAX_KEYS;
  const maxDepth = limits.maxDepth ?? FREE_FORM_MAX_DEPTH;
  return Type.Record(Type.String(), Type.Unknown(), {
    description: `${description}. At most ${maxProperties} keys, nested at most ${maxDepth} levels deep.`,
    maxProperties,
    [MAX_DEPTH_KEYWORD]: maxDepth,
  });
}

/**
 * Levels of objects and arrays in a value (0 for a scalar). Stops counting once past `limit`, so a deep
 * value costs no more than a shallow one; the body parser has already bounded every body's depth.
 */
export function depthOf(value: unknown, limit = Infinity): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const depth = depthOf(child, limit - 1);
    if (depth > deepest) deepest = depth;
    if (deepest >= limit) break;
  }
  return 1 + deepest;
}

/** Any JSON value (an object, an array, a scalar or null), with the same limits where it is an object or array. */
export function AnyJson<T>(description: string, limits: { maxKeys?: number; maxDepth?: number } = {}) {
  const maxProperties = limits.maxKeys ?? FREE_FORM_MAX_KEYS;
  const maxDepth = limits.maxDepth ?? FREE_FORM_MAX_DEPTH;
  return Type.Unsafe<T>({
    description: `${description}. Any JSON value; an object has at most ${maxProperties} keys, and nesting is at most ${maxDepth} levels deep.`,
    maxProperties,
    [MAX_DEPTH_KEYWORD]: maxDepth,
  });
}
