// One keyset page of runs, newest first, for any view of a run.
import { Errors, fail } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { decodePageToken, toPage, type Page } from '../domain/pagination.js';
import { listRuns, type RunFilter } from '../store/runs.js';
import type { RunRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';

function decodeRunCursor(token: string): { createdAt: Date; id: string } {
  const [createdAt, id] = decodePageToken(token, 2);
  const date = new Date(String(createdAt));
  if (Number.isNaN(date.getTime()) || !isUuid(String(id))) fail(Errors.badPageToken, 'page_token was not issued by this list');
  return { createdAt: date, id: String(id) };
}

export async function pageRuns<T>(
  ctx: ServiceContext,
  filter: RunFilter,
  limit: number,
  pageToken: string | undefined,
  view: (row: RunRow) => T,
): Promise<Page<T>> {
  const rows = await listRuns(ctx.db, filter, limit, pageToken ? decodeRunCursor(pageToken) : undefined);
  const page = toPage(rows, limit, (row) => [row.created_at.toISOString(), row.id]);
  return { ...page, data: page.data.map(view) };
}
