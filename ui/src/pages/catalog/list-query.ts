// A page of a kind's items. GET /registry/{kind} takes only keyset paging (max_results, page_token), so a
// search reads the server's pages in order and keeps the items that match, until a page of them is found:
// each page token the search hands out is still the server's own, so paging a search is keyset paging too.
import { useQuery } from '@tanstack/react-query';
import { api, query, type Page } from '../../api/client';
import type { CatalogKind } from './kinds';

export const PAGE_SIZE = 25;
const SCAN_SIZE = 200;
/** A search reads at most this many server pages per page it shows, then offers to read on. */
const SCAN_PAGES = 10;

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
  /** How many items were read to find these rows (a search reads more than it shows). */
  scanned: number;
}

/** Fields a search does not look in: server bookkeeping, and a run's whole PROV document. */
const UNSEARCHED = new Set(['created_at', 'updated_at', 'created_by', 'prov_serialisation', 'record_status']);

/** Case-insensitive match on the id, the name and the item's other top-level text fields. */
export function matches(item: Listed, q: string): boolean {
  const needle = q.toLowerCase();
  return Object.entries(item).some(([k, v]) => !UNSEARCHED.has(k) && typeof v === 'string' && v.toLowerCase().includes(needle));
}

async function fetchPage(kind: CatalogKind, size: number, token: string | undefined): Promise<Page<Listed>> {
  return api<Page<Listed>>(`/registry/${kind}${query({ max_results: size, page_token: token })}`);
}

export function useCatalogPage(kind: CatalogKind, q: string | undefined, token: string | undefined) {
  return useQuery({
    queryKey: ['registry', kind, 'page', token ?? '', q ?? ''],
    queryFn: async (): Promise<CatalogPage> => {
      if (!q) {
        const page = await fetchPage(kind, PAGE_SIZE, token);
        return { rows: page.data, next: page.next_page_token, scanned: page.data.length };
      }
      const rows: Listed[] = [];
      let next = token;
      let scanned = 0;
      for (let i = 0; i < SCAN_PAGES; i++) {
        const page = await fetchPage(kind, SCAN_SIZE, next);
        scanned += page.data.length;
        rows.push(...page.data.filter((item) => matches(item, q)));
        next = page.next_page_token;
        if (!next || rows.length >= PAGE_SIZE) break;
      }
      return { rows, next, scanned };
    },
    // While the next page or search loads, the rows of this kind stay in place (never another kind's).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === kind ? previous : undefined),
  });
}
