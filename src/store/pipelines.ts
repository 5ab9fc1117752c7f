// Gentrace pipelines, created on first use by slug, and the write of one of their runs with its steps and lineage.
import { sql } from 'kysely';
import { isUuid } from '../domain/ids.js';
import type { Db, PipelineRow, Tx } from './schema.js';

export interface NewPipeline {
  id: string;
  slug: string;
  display_name: string;
  created_at: Date;
  created_by: string | null;
}

const idBySlug = (db: Db, slug: string) => db.selectFrom('pipelines').select('id').where('slug', '=', slug).executeTakeFirst();

/**
 * The id of the pipeline with this slug, creating it on first use. An existing pipeline is only read, never
 * locked, so concurrent runs of one pipeline do not queue on its row. Two first uses race on the unique slug:
 * the loser's insert waits for the winner to commit, does nothing, and the next read sees the winner's row.
 */
export async function ensurePipeline(tx: Tx, pipeline: NewPipeline): Promise<string> {
  const existing = await idBySlug(tx, pipeline.slug);
  if (existing) return existing.id;
  const inserted = await tx
    .insertInto('pipelines')
    .values(pipeline)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const winner = await idBySlug(tx, pipeline.slug);
  if (!winner) throw new Error(`pipeline "${pipeline.slug}" vanished after a conflicting insert`);
  return winner.id;
}

export interface RunFingerprint {
  kind: string;
  request_hash: string | null;
}

/** What a resubmitted id is compared by: the kind of run it names and the hash of the request that made it. */
export async function findRunFingerprint(db: Db, id: string): Promise<RunFingerprint | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('runs').select(['kind', 'request_hash']).where('id', '=', id).executeTakeFirst();
}

/** By slug, the keyset of the list (slugs are unique); one folder's through pipelines_folder_slug. */
export async function listPipelines(
  db: Db,
  filter: { slug?: string; folderId?: string },
  limit: number,
  afterSlug: string | undefined,
): Promise<PipelineRow[]> {
  let query = db.selectFrom('pipelines').selectAll();
  if (filter.slug !== undefined) query = query.where('slug', '=', filter.slug);
  if (filter.folderId !== undefined) query = query.where('folder_id', '=', filter.folderId);
  if (afterSlug !== undefined) query = query.where('slug', '>', afterSlug);
  return query.orderBy('slug').limit(limit + 1).execute();
}

const UNIQUE_VIOLATION = '23505';

/** Whether an insert failed because the run id is taken (by a resubmission, or by a run of another kind). */
export function isDuplicateRunId(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === UNIQUE_VIOLATION && e.constraint === 'runs_pkey';
}

/** Whether a run's write failed because its id already names a lineage node (see insertNewRunWithLineage). */
export function isTakenNodeId(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === UNIQUE_VIOLATION && e.constraint === 'lineage_nodes_pkey';
}

/**
 * Whether `id` already names something in the lineage graph other than a run (a registry item, a step, a
 * value). A client-chosen run id must not attach a run's edges to another node.
 */
export async function isNonRunNode(tx: Tx, id: string): Promise<boolean> {
  const row = await tx
    .selectFrom('lineage_nodes')
    .select('id')
    .where('id', '=', id)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('runs').select('runs.id').whereRef(sql`runs.id::text`, '=', 'lineage_nodes.id'))))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The pipeline a client names by id (Gentrace's gentrace.pipeline_id), creating it on first use with that id and
 * `pipeline.slug`. Should the slug already name another pipeline, that one is meant: its id is answered.
 */
export async function ensurePipelineWithId(tx: Tx, pipeline: NewPipeline): Promise<string> {
  const byId = () => tx.selectFrom('pipelines').select('id').where('id', '=', pipeline.id).executeTakeFirst();
  const existing = await byId();
  if (existing) return existing.id;
  const inserted = await tx.insertInto('pipelines').values(pipeline).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (inserted) return inserted.id;
  const winner = (await byId()) ?? (await idBySlug(tx, pipeline.slug));
  if (!winner) throw new Error(`pipeline "${pipeline.id}" vanished after a conflicting insert`);
  return winner.id;
}

export async function findPipelineById(db: Db, id: string): Promise<PipelineRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The new pipeline, or undefined when its slug is taken. */
export async function insertPipeline(db: Db, pipeline: NewPipeline & { folder_id: string | null }): Promise<PipelineRow | undefined> {
  return db.insertInto('pipelines').values(pipeline).onConflict((oc) => oc.column('slug').doNothing()).returningAll().executeTakeFirst();
}
