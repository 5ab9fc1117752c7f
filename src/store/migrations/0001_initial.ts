// Frozen once landed: never edit, add a new migration instead.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registry_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Lists are per kind in id order (ids are time-ordered UUIDv7).
  await db.schema.createIndex('registry_items_kind_id').on('registry_items').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('registry_item_versions')
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('registry_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('registry_item_versions_pk', ['item_id', 'version'])
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('project_name', 'text')
    .addColumn('trigger_type', 'text')
    .addColumn('triggered_by', 'text')
    .addColumn('model_names', 'jsonb')
    .addColumn('full_refresh', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('record', 'jsonb')
    .addColumn('prov_json', 'text')
    .addColumn('error_message', 'text')
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Keyset paths of GET /model-runs: newest first, optionally filtered by kind or status.
  await db.schema.createIndex('runs_created').on('runs').columns(['created_at desc', 'id desc']).execute();
  await db.schema.createIndex('runs_kind_created').on('runs').columns(['kind', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('runs_status_created').on('runs').columns(['status', 'created_at desc', 'id desc']).execute();

  await db.schema
    .createTable('lineage_nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_category', 'text', (c) => c.notNull())
    .addColumn('item_subtype', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('lineage_edges')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    // The primary key serves upstream walks (source → target); the index below serves downstream walks.
    .addPrimaryKeyConstraint('lineage_edges_pk', ['source', 'target', 'relation'])
    .execute();
  await db.schema.createIndex('lineage_edges_target').on('lineage_edges').columns(['target', 'source']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['lineage_edges', 'lineage_nodes', 'runs', 'registry_item_versions', 'registry_items']) {
    await db.schema.dropTable(table).execute();
  }
}
