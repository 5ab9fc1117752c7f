// Runs of every origin (registered, triggered, ingested) in one table.
import { isUuid } from '../domain/ids.js';
import type { Db, NewRun, RunRow, Tx } from './schema.js';

export async function insertRun(tx: Tx, run: NewRun): Promise<RunRow> {
  return tx.insertInto('runs').values(run).returningAll().executeTakeFirstOrThrow();
}

export async function findRunById(db: Db, id: string): Promise<RunRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRunByIdAndKind(db: Db, id: string, kind: string): Promise<RunRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('runs').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

export async function countRuns(db: Db): Promise<number> {
  const row = await db.selectFrom('runs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface RunFilter {
  kind?: string;
  status?: string;
  project_name?: string;
}

/** Newest first; keyset on (created_at, id) so page 10,000 costs what page 1 does. */
export async function listRuns(
  db: Db,
  filter: RunFilter,
  limit: number,
  after: { createdAt: Date; id: string } | undefined,
): Promise<RunRow[]> {
  let query = db.selectFrom('runs').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.project_name) query = query.where('project_name', '=', filter.project_name);
  if (after) {
    query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}
