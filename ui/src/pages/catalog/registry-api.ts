// The registry calls the catalog pages make, as react-query hooks. An item travels with its ETag, so an edit
// can be sent with If-Match and never silently overwrite a change made since it was loaded.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, query, request, type Page } from '../../api/client';
import type { CatalogKind } from './kinds';
import type { ItemVersion, ModelRunItem, RegistryItem, RegistryKind } from './types';

export interface Tagged<T> {
  item: T;
  /** The representation's entity tag, as If-Match wants it back. */
  etag: string | null;
}

const itemPath = (kind: CatalogKind, id: string) => `/registry/${kind}/${encodeURIComponent(id)}`;

export function useItem(kind: RegistryKind, id: string) {
  return useQuery({
    queryKey: ['registry', kind, 'item', id],
    queryFn: async (): Promise<Tagged<RegistryItem>> => {
      const res = await request(itemPath(kind, id));
      return { item: (await res.json()) as RegistryItem, etag: res.headers.get('etag') };
    },
  });
}

export function useModelRun(id: string) {
  return useQuery({ queryKey: ['registry', 'model-runs', 'item', id], queryFn: () => api<ModelRunItem>(itemPath('model-runs', id)) });
}

/** Every item of a kind, up to `max` (for pickers: registries hold hundreds, not millions, of these). */
export function useAllItems(kind: RegistryKind, max = 1000) {
  return useQuery({
    queryKey: ['registry', kind, 'all', max],
    queryFn: async () => (await api<Page<RegistryItem>>(`/registry/${kind}${query({ max_results: max })}`)).data,
    staleTime: 30_000,
  });
}

/** Version history, newest first, a page at a time. */
export function useVersions(kind: RegistryKind, id: string) {
  return useInfiniteQuery({
    queryKey: ['registry', kind, 'versions', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<Page<ItemVersion>>(`${itemPath(kind, id)}/versions${query({ page_token: pageParam })}`),
    getNextPageParam: (last) => last.next_page_token,
  });
}

export async function createItem(kind: RegistryKind, body: unknown): Promise<RegistryItem> {
  return api<RegistryItem>(`/registry/${kind}`, { method: 'POST', body });
}

/** PUT with If-Match, so an edit made from a stale copy is refused (412) rather than overwriting. */
export async function replaceItem(kind: RegistryKind, id: string, body: unknown, etag: string | null, reason: string): Promise<Tagged<RegistryItem>> {
  const res = await request(`${itemPath(kind, id)}${query({ reason: reason.trim() || undefined })}`, {
    method: 'PUT',
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });
  return { item: (await res.json()) as RegistryItem, etag: res.headers.get('etag') };
}

/** The item's own fields, without those the server assigns: what POST and PUT take. */
export function bodyOf(item: RegistryItem): Record<string, unknown> {
  const { id: _id, version: _v, created_by: _by, created_at: _at, updated_at: _up, ...body } = item;
  return body;
}
