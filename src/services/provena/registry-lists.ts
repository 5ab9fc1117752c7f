// Provena's lists (§3.2): per subtype and across the registry, keyset-paged, with pagination_key a JSON object.
import { decodePageToken, encodePageToken } from '../../domain/pagination.js';
import { SUBTYPES, canRead, type ProvenaSubtype } from '../../domain/provena/subtypes.js';
import { queryItems, type SortKey } from '../../store/provena-registry.js';
import { listRuns } from '../../store/runs.js';
import type { RegistryItemRow } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { badRequest, succeeded, type Caller } from './caller.js';
import { rolesOn, viewRows, viewRuns } from './registry-reads.js';

export interface ListRequest {
  filter_by?: { record_type?: 'ALL' | 'SEED_ONLY' | 'COMPLETE_ONLY'; item_subtype?: string; release_reviewer?: string; release_status?: string };
  sort_by?: { sort_type?: string; ascending?: boolean; begins_with?: string };
  pagination_key?: Record<string, unknown>;
  page_size?: number;
}

type PaginationKey = { page_token: string; source?: 'runs' | 'items' } | null;

function sortValue(row: RegistryItemRow, sort: SortKey): string | number {
  if (sort === 'UPDATED_TIME') return row.updated_at.toISOString();
  if (sort === 'CREATED_TIME') return row.created_at.toISOString();
  if (sort === 'DISPLAY_NAME') return row.display_name;
  return Number((row.body as Record<string, unknown>).release_timestamp);
}

function afterOf(key: Record<string, unknown> | undefined): [string | number, string] | undefined {
  if (!key || key.page_token === undefined) return undefined;
  if (typeof key.page_token !== 'string') badRequest('pagination_key was not issued by this list.');
  try {
    const [value, id] = decodePageToken(key.page_token, 2);
    if (typeof id !== 'string') throw new Error('bad key');
    return [value!, id];
  } catch {
    return badRequest('pagination_key was not issued by this list.');
  }
}

/** Provena's allowed filter × sort combinations; others are its 400 "Failed to generate query parameters". */
function sortOf(req: ListRequest, typed: boolean): SortKey {
  const sort = req.sort_by?.sort_type;
  const filter = req.filter_by ?? {};
  const bySubtype = typed || filter.item_subtype !== undefined;
  const allowed = filter.release_reviewer !== undefined
    ? ['RELEASE_TIMESTAMP']
    : bySubtype
      ? ['UPDATED_TIME', 'CREATED_TIME', 'DISPLAY_NAME', 'ACCESS_INFO_URI_BEGINS_WITH']
      : ['UPDATED_TIME', 'CREATED_TIME', 'DISPLAY_NAME'];
  if (sort !== undefined && !allowed.includes(sort)) {
    badRequest(`Failed to generate query parameters. Sort type ${sort} cannot be used with the given filter.`);
  }
  if (sort === 'ACCESS_INFO_URI_BEGINS_WITH' || sort === undefined) return 'UPDATED_TIME';
  return sort as SortKey;
}

async function pageOfRows(ctx: ServiceContext, req: ListRequest, kinds: string[] | undefined, typed: boolean) {
  const sort = sortOf(req, typed);
  const limit = req.page_size ?? 20;
  const filter = req.filter_by ?? {};
  const rows = await queryItems(ctx.db, {
    ...(kinds ? { kinds } : {}),
    recordType: filter.record_type ?? 'COMPLETE_ONLY',
    ...(!typed && filter.release_status !== undefined ? { releaseStatus: filter.release_status } : {}),
    ...(!typed && filter.release_reviewer !== undefined ? { releaseReviewer: filter.release_reviewer } : {}),
    ...(req.sort_by?.sort_type === 'ACCESS_INFO_URI_BEGINS_WITH' ? { accessUriPrefix: req.sort_by.begins_with ?? '' } : {}),
    sort,
    ascending: req.sort_by?.ascending ?? false,
    ...(() => {
      const after = afterOf(req.pagination_key);
      return after ? { after } : {};
    })(),
    limit,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const key: PaginationKey = rows.length > limit && last ? { page_token: encodePageToken([sortValue(last, sort), last.id]) } : null;
  return { found: await viewRows(ctx.db, page), key };
}

/** Registered runs first (newest first), then MODEL_RUN items imported from another registry. */
async function modelRunPage(ctx: ServiceContext, req: ListRequest) {
  const limit = req.page_size ?? 20;
  const key = req.pagination_key;
  if (key?.source !== 'items') {
    const after = afterOf(key);
    const runs = await listRuns(ctx.db, { kind: 'registered' }, limit, after ? { createdAt: new Date(String(after[0])), id: after[1] } : undefined);
    const page = runs.slice(0, limit);
    const found = await viewRuns(ctx.db, page);
    const last = page[page.length - 1];
    const next: PaginationKey = runs.length > limit && last
      ? { source: 'runs', page_token: encodePageToken([last.created_at.toISOString(), last.id]) }
      : { source: 'items', page_token: '' };
    return { found, key: next };
  }
  const rest = await pageOfRows(ctx, { ...req, pagination_key: key.page_token ? { page_token: key.page_token } : {} }, ['model-runs'], true);
  return { found: rest.found, key: rest.key ? { ...rest.key, source: 'items' as const } : null };
}

/** POST P/list: typed items, seeds and unparsable items counted separately, access-filtered. */
export async function listTyped(ctx: ServiceContext, subtype: ProvenaSubtype, req: ListRequest, caller: Caller) {
  const info = SUBTYPES[subtype];
  const { found, key } = subtype === 'MODEL_RUN' ? await modelRunPage(ctx, req) : await pageOfRows(ctx, req, [info.kind], true);
  const readable = found.filter((f) => canRead(rolesOn(f, caller)));
  const items = readable.filter((f) => f.item.record_type === 'COMPLETE_ITEM' && f.parses).map((f) => f.item);
  const seeds = readable.filter((f) => f.item.record_type === 'SEED_ITEM').map((f) => f.item);
  const unparsable = readable.filter((f) => !f.parses).map((f) => f.item);
  const status = unparsable.length
    ? { success: false, details: `${unparsable.length} item(s) on this page did not parse as ${subtype}; see unparsable_items.` }
    : succeeded('Successfully listed items.').status;
  return {
    status,
    items,
    seed_items: seeds,
    unparsable_items: unparsable,
    total_item_count: readable.length,
    complete_item_count: items.length,
    seed_item_count: seeds.length,
    unparsable_item_count: unparsable.length,
    not_authorised_count: found.length - readable.length,
    pagination_key: key,
  };
}

/** POST /registry/general/list: raw items of any subtype, access-filtered. */
export async function listGeneral(ctx: ServiceContext, req: ListRequest, caller: Caller) {
  const subtype = req.filter_by?.item_subtype;
  const kinds = subtype ? [SUBTYPES[subtype as ProvenaSubtype].kind] : undefined;
  const { found, key } = await pageOfRows(ctx, req, kinds, false);
  const items = found.filter((f) => canRead(rolesOn(f, caller))).map((f) => f.item);
  return { ...succeeded('Successfully listed items.'), items, total_item_count: items.length, pagination_key: key };
}
