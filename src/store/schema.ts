// Table types for Kysely. Rows are mapped to domain/API shapes inside the store modules.
import type { ColumnType, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { StepBuild } from '../domain/step-build.js';
import type { JsonValue } from '../domain/storable-json.js';

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
  /** SEED_ITEM (record info only, body {}) or COMPLETE_ITEM. */
  record_type: ColumnType<string, string | undefined, string>;
  owner_username: Nullable<string>;
  /** Provena's version number; a new version is a new item linked by previous_version / next_version. */
  item_version: ColumnType<number, number | undefined, number>;
  previous_version: Nullable<string>;
  next_version: Nullable<string>;
  version_reason: Nullable<string>;
  workflow_links: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** Provena AccessSettings; null means the defaults (owner, the subtype's general roles, no groups). */
  access_settings: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** Provena LockInformation; null means unlocked with no history. */
  lock_information: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface RegistryItemVersionsTable {
  item_id: string;
  version: number;
  body: Json<Record<string, unknown>>;
  reason: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  username: Nullable<string>;
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
  worker_id: ColumnType<string | null, string | null | undefined, string | null>;
  lease_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  target_schema: ColumnType<string | null, string | null | undefined, string | null>;
  pipeline_id: ColumnType<string | null, string | null | undefined, string | null>;
  request_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Runs assembled from OTLP spans: the trace's 32 hex digits. */
  trace_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Triggered runs: the vars the trigger sent, and what compiling the run produced. */
  vars: NullableJson<Record<string, unknown>>;
  compile_manifest: ColumnType<string | null, string | null | undefined, string | null>;
  compile_diagnostics: NullableJson<{ warnings: string[]; errors: string[] }>;
  /** Set by a trigger on every update: what /events follows. */
  updated_at: ColumnType<Date, never, never>;
}

export interface PipelinesTable {
  id: string;
  slug: string;
  display_name: string;
  created_at: Timestamp;
  created_by: string | null;
  folder_id: Nullable<string>;
}

export interface ModelsTable {
  id: string;
  project_name: string;
  name: string;
  sql: string;
  materialization: string;
  description: string;
  tags: Json<string[]>;
  depends_on: Json<string[]>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  owner: Nullable<string>;
  config: NullableJson<Record<string, unknown>>;
  contract: NullableJson<Record<string, unknown>>;
  freshness_policy: NullableJson<Record<string, unknown>>;
}

export interface ModelTestsTable {
  id: string;
  model_id: string;
  name: string;
  test_type: string;
  column_name: string | null;
  config: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A nullable jsonb column: written as JSON text or null, read back parsed. */
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface RunStepsTable {
  id: string;
  run_id: string;
  position: number;
  tier: ColumnType<number, number | undefined, number>;
  model_name: string;
  status: string;
  materialization: Nullable<string>;
  compiled_sql: Nullable<string>;
  compiled_hash: Nullable<string>;
  depends_on: Json<string[]>;
  /** bigint: PostgreSQL returns it as text. */
  rows_affected: ColumnType<string | number | null, number | null | undefined, number | null>;
  output_entity_id: Nullable<string>;
  worker_id: Nullable<string>;
  provider_name: Nullable<string>;
  invocation: Nullable<string>;
  model_params: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  inputs: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** Any JSON value as sent (JSON null included); SQL NULL for SQL steps, which read as null too. */
  outputs: ColumnType<JsonValue, string | null | undefined, string | null>;
  context: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  elapsed_time: Nullable<number>;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  error_message: Nullable<string>;
  created_at: Timestamp;
  // Steps that are OTLP spans.
  parent_step_id: Nullable<string>;
  span_id: Nullable<string>;
  span_kind: Nullable<string>;
  attributes: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** SQL steps: the vars and macros the model's template used. */
  vars_used: NullableJson<string[]>;
  macros_used: NullableJson<string[]>;
  /** SQL steps: how the step builds its model, as compiled. */
  build: NullableJson<StepBuild>;
  events: ColumnType<Record<string, unknown>[] | null, string | null | undefined, string | null>;
  usage: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  span_hash: Nullable<string>;
  /** An ingested step run's fields that runledger does not interpret, as sent; null when it had none. */
  extra: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface TestResultsTable {
  id: string;
  /** Null for a run-level result (an LLM evaluation sent with a pipeline run). */
  run_step_id: string | null;
  test_id: string | null;
  test_name: string;
  status: string;
  rows_returned: ColumnType<string | number | null, number | null | undefined, number | null>;
  error_message: string | null;
  created_at: Timestamp;
  run_id: string;
  score: Nullable<number>;
  label: Nullable<string>;
  /** The evaluation as sent, for results that came from one. */
  evaluation: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
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

export interface ProvenaJobsTable {
  session_id: string;
  batch_id: string | null;
  username: string;
  owner_id: string;
  job_type: string;
  job_sub_type: string;
  status: string;
  payload: Json<Record<string, unknown>>;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  info: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  worker_id: Nullable<string>;
  lease_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  attempts: ColumnType<number, number | undefined, number>;
}

export interface LineageEdgeRecordsTable {
  record_id: string;
  source: string;
  target: string;
  relation: string;
}

export interface ModelRunRecordHistoryTable {
  run_id: string;
  version: number;
  record: Json<Record<string, unknown>>;
  prov_json: string | null;
  reason: string;
  replaced_by: string | null;
  replaced_at: Timestamp;
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

export interface LoginFailuresTable {
  /** `username` or `ip`. */
  scope: string;
  subject: string;
  failures: number;
  window_started_at: Timestamp;
}

export interface MacrosTable {
  id: string;
  name: string;
  macro_type: string;
  parameters: Json<string[]>;
  body: string;
  description: ColumnType<string, string | undefined, string>;
  catalog_name: Nullable<string>;
  project_name: Nullable<string>;
  visibility: string;
  owner: Nullable<string>;
  properties: Json<Record<string, string>>;
  tags: Json<string[]>;
  status: string;
  created_by: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MacroRevisionsTable {
  id: string;
  macro_id: string;
  version: number;
  content_hash: string;
  parameters: Json<string[]>;
  body: string;
  description: string;
  status: string;
  created_by: Nullable<string>;
  created_at: Timestamp;
}

export interface MacroUsagesTable {
  macro_name: string;
  project_name: string;
  model_name: string;
  target_schema: string;
  /** The first compile that used the macro, and the latest. */
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ModelProjectsTable {
  name: string;
  vars: Json<Record<string, unknown>>;
  sources: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RunIdempotencyKeysTable {
  owner_id: string;
  key: string;
  run_id: string;
  /** SHA-256 of the record's canonical JSON: the same key with another record is refused, not answered. */
  request_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
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
  login_failures: LoginFailuresTable;
  models: ModelsTable;
  model_tests: ModelTestsTable;
  run_steps: RunStepsTable;
  test_results: TestResultsTable;
  pipelines: PipelinesTable;
  provena_jobs: ProvenaJobsTable;
  lineage_edge_records: LineageEdgeRecordsTable;
  model_run_record_history: ModelRunRecordHistoryTable;
  macros: MacrosTable;
  macro_revisions: MacroRevisionsTable;
  macro_usages: MacroUsagesTable;
  model_projects: ModelProjectsTable;
  run_idempotency_keys: RunIdempotencyKeysTable;
}

export type Db = Kysely<DB>;
/** Functions that need atomicity take a Tx, so calling them outside a transaction does not compile. */
export type Tx = Transaction<DB>;
export type RunRow = Selectable<RunsTable>;
export type NewRun = Insertable<RunsTable>;
export type RegistryItemRow = Selectable<RegistryItemsTable>;
export type UserRow = Selectable<UsersTable>;
export type ModelRow = Selectable<ModelsTable>;
export type ModelTestRow = Selectable<ModelTestsTable>;
export type MacroRow = Selectable<MacrosTable>;
export type MacroRevisionRow = Selectable<MacroRevisionsTable>;
export type ModelProjectRow = Selectable<ModelProjectsTable>;
export type RunStepRow = Selectable<RunStepsTable>;
export type NewRunStep = Insertable<RunStepsTable>;
export type TestResultRow = Selectable<TestResultsTable>;
export type NewTestResult = Insertable<TestResultsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type PipelineRow = Selectable<PipelinesTable>;
export type ProvenaJobRow = Selectable<ProvenaJobsTable>;
export type NewProvenaJob = Insertable<ProvenaJobsTable>;
