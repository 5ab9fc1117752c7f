// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // A workflow template's lineage node is WORKFLOW_TEMPLATE, as in Provena's graph after a model run names it.
  await sql`UPDATE lineage_nodes SET item_subtype = 'WORKFLOW_TEMPLATE' WHERE item_subtype = 'MODEL_RUN_WORKFLOW_TEMPLATE'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE lineage_nodes SET item_subtype = 'MODEL_RUN_WORKFLOW_TEMPLATE' WHERE item_subtype = 'WORKFLOW_TEMPLATE'`.execute(db);
}
