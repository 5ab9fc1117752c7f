// Where SQL models materialise. The engine talks to this interface; DuckDB is its first implementation,
// and a PostgreSQL warehouse can implement the same contract when runs span machines.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Json } from '@duckdb/node-api';
import { openReadOnly, openWritable, warehouseFile, withRelativePaths, type SessionPlace } from './duckdb-session.js';
import { WarehouseBusyError, WarehouseMissingError } from './warehouse-errors.js';
import { WarehouseGate } from './warehouse-gate.js';
import { quoteIdent } from './sql-quote.js';

export { relativePaths } from './duckdb-session.js';
export { quoteIdent } from './sql-quote.js';
export { QueryTimeoutError, WarehouseBusyError, WarehouseMissingError } from './warehouse-errors.js';

export type SqlParam = string | number | boolean;

export interface WarehouseSession {
  readonly filesDir: string;
  execute(sql: string): Promise<void>;
  /** Runs a query whose first column of its first row is a count. */
  count(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /** Runs a query and reads its rows, at most `maxRows` of them (values as DuckDB's JS API gives them). */
  query(sql: string, params?: readonly SqlParam[], maxRows?: number): Promise<QueryRows>;
  /** Stops the statement in flight; it then fails with an interruption error. */
  interrupt(): void;
  close(): Promise<void>;
}

export interface QueryRows<Value = unknown> {
  columns: { name: string; type: string }[];
  rows: Value[][];
  /** True when the query had more rows than were read. */
  truncated: boolean;
}

/** A project's warehouse opened READ_ONLY, in the sandbox of a run, its default schema the project's own. */
export interface ReadOnlySession {
  readonly filesDir: string;
  /**
   * Runs a query and reads its rows as JSON values (see json-values.ts), at most `maxRows` of them. A
   * statement still running at the time limit is interrupted and fails with a QueryTimeoutError.
   */
  query(sql: string, params?: readonly SqlParam[], maxRows?: number): Promise<QueryRows<Json>>;
  close(): Promise<void>;
}

export interface Warehouse {
  filesDir(project: string): string;
  /** Projects that have a warehouse: a run of theirs has opened one. */
  projects(): Promise<string[]>;
  /** Opens for a run: waits for this process's readers to finish, and for other processes' at most the query time limit. */
  open(project: string, schema: string): Promise<WarehouseSession>;
  /** Never waits: WarehouseBusyError while a run holds it, WarehouseMissingError before the project has one. */
  openReadOnly(project: string): Promise<ReadOnlySession>;
  /**
   * Waits until no run or query of this process has the project's warehouse open, and keeps it closed to them
   * until released, so its file (see `fileOf`) can be copied whole. Runs wait meanwhile; queries get WarehouseBusyError.
   */
  hold(project: string): Promise<() => void>;
  /** The project's warehouse file. */
  fileOf(project: string): string;
}

/** A dotted name (`schema.table`, `catalog.schema.table`) as a relation, each part quoted. */
export function quoteRelation(dotted: string): string {
  return dotted.split('.').map(quoteIdent).join('.');
}

/**
 * A table as DuckDB sees it: the warehouse file is named after the project, which makes the project the
 * catalog; qualifying fully keeps a schema of the same name from being ambiguous.
 */
export function tableRef(project: string, schema: string, name: string): string {
  return `${quoteIdent(project)}.${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** Readers and writers of every warehouse file this process opens, whichever Warehouse opens it. */
const gate = new WarehouseGate();

/**
 * One DuckDB file per project (a DuckDB file admits one writer at a time), opened for a run and closed
 * after it, or read-only for queries while no run holds it. The sandbox confines file access to the
 * project's files folder and is locked so SQL cannot lift it. Errors leave it with paths relative to that folder.
 * `queryTimeoutMs` bounds a read-only statement; a run waits about as long for readers of other processes.
 */
export function createDuckDbWarehouse(
  dataDir: string,
  memoryLimit: string,
  options: { queryTimeoutMs?: number; onLockWait?: (project: string) => void } = {},
): Warehouse {
  const queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
  const filesDir = (project: string) => path.join(dataDir, 'files', project);
  const placeOf = (project: string): SessionPlace => ({ dataDir, files: filesDir(project), project, memoryLimit });
  return {
    filesDir,
    async projects() {
      const entries = await fs.readdir(path.join(dataDir, 'warehouses')).catch(() => []);
      return entries.filter((name) => name.endsWith('.duckdb')).map((name) => name.slice(0, -'.duckdb'.length)).sort();
    },
    async open(project, schema) {
      const place = placeOf(project);
      const leave = await gate.enterWriter(warehouseFile(dataDir, project));
      try {
        const session = await openWritable(place, schema, { ms: queryTimeoutMs + 1000, onWait: () => options.onLockWait?.(project) });
        return { ...session, close: () => session.close().finally(leave) };
      } catch (err) {
        leave();
        throw withRelativePaths(err, place.files, dataDir);
      }
    },
    async openReadOnly(project) {
      const place = placeOf(project);
      const file = warehouseFile(dataDir, project);
      if (!(await fs.access(file).then(() => true, () => false))) throw new WarehouseMissingError(project);
      const leave = gate.enterReader(file, project);
      try {
        const session = await openReadOnly(place, queryTimeoutMs);
        return { ...session, close: () => session.close().finally(leave) };
      } catch (err) {
        leave();
        throw err instanceof WarehouseBusyError ? err : withRelativePaths(err, place.files, dataDir);
      }
    },
    hold: (project) => gate.hold(warehouseFile(dataDir, project)),
    fileOf: (project) => warehouseFile(dataDir, project),
  };
}
