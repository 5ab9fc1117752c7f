// API keys that authenticated recently, per store, so a client sending one key on every request does not
// cost a lookup per request. Bounded staleness: an entry is trusted for API_KEY_CACHE_MS at most, so a key
// revoked by another server process stops working within that time; one revoked through this process
// stops at once (deleteApiKey forgets the store's entries). Only valid keys are remembered: an unknown or
// revoked key is looked up every time, so creating a key never waits for an entry to expire.
import type { Principal } from '../context.js';

export const API_KEY_CACHE_MS = 2_000;
// Clients hold a handful of keys; the bound only stops a flood of distinct valid keys from growing the map.
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(store: object): Map<string, Entry> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  return cache;
}

/** The principal of a key hash that authenticated less than API_KEY_CACHE_MS ago. */
export function rememberedApiKey(store: object, keyHash: string, now: number): Principal | undefined {
  const cache = caches.get(store);
  const entry = cache?.get(keyHash);
  if (!entry) return undefined;
  if (entry.expiresAt > now) return entry.principal;
  cache!.delete(keyHash);
  return undefined;
}

export function rememberApiKey(store: object, keyHash: string, principal: Principal, now: number): void {
  const cache = cacheOf(store);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(keyHash, { principal, expiresAt: now + API_KEY_CACHE_MS });
}

/** After a revocation: every key of the store is looked up again. */
export function forgetApiKeys(store: object): void {
  caches.delete(store);
}
