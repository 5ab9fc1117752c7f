// Pipeline ids by a client-given key, per store and per kind of key. Pipelines are never renamed or deleted,
// so an id once committed stays right in every process; remembering it saves a query on each ingest.
// Bounded, since the keys come from clients. Callers add an id only once its transaction has committed.
import type { ServiceContext } from './context.js';

const MAX_ENTRIES = 10_000;
const caches = new WeakMap<object, Map<string, Map<string, string>>>();

export function pipelineIdCache(ctx: ServiceContext, kind: string): Map<string, string> {
  let byKind = caches.get(ctx.db);
  if (!byKind) caches.set(ctx.db, (byKind = new Map()));
  let cache = byKind.get(kind);
  if (!cache) byKind.set(kind, (cache = new Map()));
  if (cache.size >= MAX_ENTRIES) cache.clear();
  return cache;
}
