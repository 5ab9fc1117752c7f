// Frozen once landed: never edit, add a new migration instead.
// Registry ids become text so Provena handles (e.g. 10378.1/1704799) are kept verbatim on import, and
// registry items gain what Provena's view of them needs: seeds, owner, item versions, access and lock state.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE registry_item_versions DROP CONSTRAINT registry_item_versions_item_id_fkey`.execute(db);
  await sql`ALTER TABLE registry_items ALTER COLUMN id TYPE text`.execute(db);
  await sql`ALTER TABLE registry_item_versions ALTER COLUMN item_id TYPE text`.execute(db);
  await sql`ALTER TABLE registry_item_versions ADD CONSTRAINT registry_item_versions_item_id_fkey
            FOREIGN KEY (item_id) REFERENCES registry_items (id) ON DELETE CASCADE`.execute(db);

  await db.schema
    .alterTable('registry_items')
    .addColumn('record_type', 'text', (c) => c.notNull().defaultTo('COMPLETE_ITEM'))
    .addColumn('owner_username', 'text')
    // Provena's version number: a new version is a new item, linked both ways.
    .addColumn('item_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('previous_version', 'text')
    .addColumn('next_version', 'text')
    .addColumn('version_reason', 'text')
    .addColumn('workflow_links', 'jsonb')
    .addColumn('access_settings', 'jsonb')
    .addColumn('lock_information', 'jsonb')
    .execute();
  await db.schema.alterTable('registry_item_versions').addColumn('username', 'text').execute();

  // Provena's list orders: per subtype and across the registry, by updated time, created time or name.
  for (const column of ['updated_at', 'created_at', 'display_name']) {
    await db.schema.createIndex(`registry_items_kind_${column}`).on('registry_items').columns(['kind', column, 'id']).execute();
    await db.schema.createIndex(`registry_items_${column}`).on('registry_items').columns([column, 'id']).execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['updated_at', 'created_at', 'display_name']) {
    await db.schema.dropIndex(`registry_items_kind_${column}`).execute();
    await db.schema.dropIndex(`registry_items_${column}`).execute();
  }
  await db.schema.alterTable('registry_item_versions').dropColumn('username').execute();
  await db.schema
    .alterTable('registry_items')
    .dropColumn('record_type')
    .dropColumn('owner_username')
    .dropColumn('item_version')
    .dropColumn('previous_version')
    .dropColumn('next_version')
    .dropColumn('version_reason')
    .dropColumn('workflow_links')
    .dropColumn('access_settings')
    .dropColumn('lock_information')
    .execute();
}
