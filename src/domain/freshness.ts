// Freshness of a model or a source as the DuckDB Data Platform reports it (FreshnessStatus,
// SourceFreshnessStatus): fresh while the last load is no older than the allowed lag.
import { Type, type Static } from '@sinclair/typebox';
import { ReadProjectName } from './query.js';

const Instant = Type.String({ format: 'date-time' });
const MaxLag = Type.Integer({ minimum: 0, maximum: 999999999 });

export const FreshnessStatusSchema = Type.Object({
  is_fresh: Type.Boolean(),
  last_run_at: Type.Optional({ ...Instant, description: 'The newest `loaded_at` of the built relation, else the model’s last successful build' }),
  max_lag_seconds: MaxLag,
  stale_since: Type.Optional(Instant),
});
export type FreshnessStatus = Static<typeof FreshnessStatusSchema>;

export const SourceFreshnessStatusSchema = Type.Object({
  is_fresh: Type.Boolean(),
  source_schema: Type.String(),
  source_table: Type.String(),
  timestamp_column: Type.Optional(Type.String()),
  last_loaded_at: Type.Optional(Instant),
  max_lag_seconds: MaxLag,
  stale_since: Type.Optional(Instant),
});
export type SourceFreshnessStatus = Static<typeof SourceFreshnessStatusSchema>;

export const SourceFreshnessQuerySchema = Type.Object({
  timestamp_column: Type.Optional(
    Type.String({ maxLength: 255, pattern: '^\\S+$', description: 'The column to read; else the source’s loaded_at_field, else loaded_at, updated_at, created_at or ingested_at' }),
  ),
  max_lag_seconds: Type.Optional({ ...MaxLag, default: 3600 }),
  project_name: ReadProjectName,
});
export type SourceFreshnessQuery = Static<typeof SourceFreshnessQuerySchema>;

/** Columns a source's load time is looked for in when none is named, in the platform's order. */
export const TIMESTAMP_COLUMNS = ['loaded_at', 'updated_at', 'created_at', 'ingested_at'] as const;

/** Stale once the last load is more than `maxLagSeconds` old, and stale since then; never loaded is stale. */
export function judgeFreshness(lastLoad: Date | undefined, maxLagSeconds: number, now: Date): { is_fresh: boolean; stale_since?: string } {
  if (!lastLoad) return { is_fresh: false };
  const deadline = new Date(lastLoad.getTime() + maxLagSeconds * 1000);
  return now > deadline ? { is_fresh: false, stale_since: deadline.toISOString() } : { is_fresh: true };
}
