// Row counts of every table a write touches, to prove a rejected request stored nothing.
import { sql } from 'kysely';
import type { Db } from '../../src/store/schema.js';

export async function countRows(db: Db): Promise<Record<string, number>> {
  const tables = ['registry_items', 'registry_item_versions', 'runs', 'lineage_nodes', 'lineage_edges', 'run_steps', 'test_results', 'pipelines', 'lineage_edge_records', 'model_run_record_history', 'run_idempotency_keys'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    counts[table] = Number(result.rows[0]!.n);
  }
  return counts;
}
