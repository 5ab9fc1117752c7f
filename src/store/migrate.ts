// Migrations are bundled statically (not read from disk) so they run the same from src/ and dist/.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_auth.js';
import * as m0003 from './migrations/0003_model_runs.js';
import * as m0004 from './migrations/0004_gentrace.js';
import * as m0005 from './migrations/0005_login_failures.js';
import * as m0006 from './migrations/0006_gentrace_liberal.js';
import * as m0007 from './migrations/0007_otlp_spans.js';
import * as m0008 from './migrations/0008_provena_jobs.js';
import * as m0009 from './migrations/0009_provena_registry.js';
import * as m0010 from './migrations/0010_workflow_template_nodes.js';
import * as m0011 from './migrations/0011_models_platform.js';
import * as m0012 from './migrations/0012_model_test_names.js';
import * as m0013 from './migrations/0013_qualified_steps.js';
import * as m0014 from './migrations/0014_macro_names.js';
import * as m0015 from './migrations/0015_run_changes.js';
import * as m0016 from './migrations/0016_idempotency_keys.js';
import type { Db } from './schema.js';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_auth': m0002,
  '0003_model_runs': m0003,
  '0004_gentrace': m0004,
  '0005_login_failures': m0005,
  '0006_gentrace_liberal': m0006,
  '0007_otlp_spans': m0007,
  '0008_provena_jobs': m0008,
  '0009_provena_registry': m0009,
  '0010_workflow_template_nodes': m0010,
  '0011_models_platform': m0011,
  '0012_model_test_names': m0012,
  '0013_qualified_steps': m0013,
  '0014_macro_names': m0014,
  '0015_run_changes': m0015,
  '0016_idempotency_keys': m0016,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** `schema` keeps the migration bookkeeping beside the tables when a store lives in its own schema. */
async function migrate(db: Db, schema: string | undefined, to: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const { error, results } = await to(new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) }));
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateToLatest(db: Db, schema?: string): Promise<string[]> {
  return migrate(db, schema, (m) => m.migrateToLatest());
}

/** Migrates up to `name` only: a migration's test first writes rows as the schema before it held them. */
export async function migrateUpTo(db: Db, name: string, schema?: string): Promise<string[]> {
  return migrate(db, schema, (m) => m.migrateTo(name));
}
