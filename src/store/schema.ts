// Table types for Kysely. Rows are mapped to domain/API shapes inside the store modules.
import type { ColumnType, Insertable, Kysely, Selectable, Transaction } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface RegistryItemsTable {
  id: string;
  kind: string;
  display_name: string;
  body: Json<Record<string, unknown>>;
  version: number;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegistryItemVersionsTable {
  item_id: string;
  version: number;
  body: Json<Record<string, unknown>>;
  reason: string | null;
  updated_by: string | null;
  created_at: Timestamp;
}

export interface RunsTable {
  id: string;
  kind: string;
  status: string;
  display_name: string;
  project_name: string | null;
  trigger_type: string | null;
  triggered_by: string | null;
  model_names: Json<string[]> | null;
  full_refresh: ColumnType<boolean, boolean | undefined, boolean>;
  record: Json<Record<string, unknown>> | null;
  prov_json: string | null;
  error_message: string | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface LineageNodesTable {
  id: string;
  item_category: string;
  item_subtype: string;
  display_name: string;
}

export interface LineageEdgesTable {
  source: string;
  target: string;
  relation: string;
}

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface DB {
  registry_items: RegistryItemsTable;
  registry_item_versions: RegistryItemVersionsTable;
  runs: RunsTable;
  lineage_nodes: LineageNodesTable;
  lineage_edges: LineageEdgesTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
}

export type Db = Kysely<DB>;
/** Functions that need atomicity take a Tx, so calling them outside a transaction does not compile. */
export type Tx = Transaction<DB>;
export type RunRow = Selectable<RunsTable>;
export type NewRun = Insertable<RunsTable>;
export type RegistryItemRow = Selectable<RegistryItemsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
