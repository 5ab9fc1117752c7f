// A page of a kind's items, searched by the server (`q`: the id, the name or any top-level text field).
import { useQuery } from '@tanstack/react-query';
import { api, query, type Page } from '../../api/client';
import type { CatalogKind } from './kinds';

export const PAGE_SIZE = 25;

export interface Listed {
  id: string;
  display_name: string;
  updated_at?: string;
  created_at: string;
  [field: string]: unknown;
}

export interface CatalogPage {
  rows: Listed[];
  next: string | undefined;
}

export function useCatalogPage(kind: CatalogKind, q: string | undefined, token: string | undefined) {
  return useQuery({
    queryKey: ['registry', kind, 'page', token ?? '', q ?? ''],
    queryFn: async (): Promise<CatalogPage> => {
      const page = await api<Page<Listed>>(`/registry/${kind}${query({ q, max_results: PAGE_SIZE, page_token: token })}`);
      return { rows: page.data, next: page.next_page_token };
    },
    // While the next page or search loads, the rows of this kind stay in place (never another kind's).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === kind ? previous : undefined),
  });
}
