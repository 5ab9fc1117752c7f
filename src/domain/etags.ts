// Entity tags and If-Match (RFC 9110 §8.8.3, §13.1.1), for updates that must not overwrite a change the
// client has not seen. Every tag made here is strong: it changes whenever the representation does.
import { createHash } from 'node:crypto';
import { MAX_STORED_INTEGER } from './storable-json.js';

/** A parsed If-Match: `*` (any current representation), or the listed tags, weak ones kept (they never match). */
export type IfMatch = { any: true } | { any: false; tags: string[] };

/** A registry item's tag: every update increments its version, so the version alone is a strong validator. */
export function versionTag(version: number): string {
  return `"v${version}"`;
}

/**
 * For resources without a version: a digest of the representation itself, which is strong by construction.
 * It must be given exactly what is served, fields in the order they are served.
 */
export function contentTag(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 22)}"`;
}

/** `undefined` when the header is absent. A value that lists no well-formed tag matches nothing. */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { any: true };
  // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, and etagc may be a comma: match tags, do not split on commas.
  return { any: false, tags: [...header.matchAll(/(?:W\/)?"[^"]*"/g)].map((m) => m[0]) };
}

/** Strong comparison (§8.8.3.2): a weak tag never matches. */
export function ifMatchAllows(condition: IfMatch, currentTag: string): boolean {
  return condition.any || condition.tags.includes(currentTag);
}

/** The versions whose tags a condition lists, for a compare-and-set in the store; `undefined` for `*`. */
export function versionsListed(condition: IfMatch): number[] | undefined {
  if (condition.any) return undefined;
  return condition.tags.flatMap((tag) => {
    // A number past what a version can be names no version, so it matches nothing.
    const match = /^"v([1-9][0-9]{0,9})"$/.exec(tag);
    return match && Number(match[1]) <= MAX_STORED_INTEGER ? [Number(match[1])] : [];
  });
}
