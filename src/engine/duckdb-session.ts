// DuckDB sessions on a project's warehouse file: for a run (read-write) or a query (READ_ONLY), both in the
// same sandbox, their errors free of server paths.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValueConverter } from '@duckdb/node-api';
import { toJsonValue } from './json-values.js';
import { QueryTimeoutError, WarehouseBusyError } from './warehouse-errors.js';
import { quoteIdent, sqlString } from './sql-quote.js';
import type { QueryRows, ReadOnlySession, SqlParam, WarehouseSession } from './warehouse.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A message with every absolute path under the data directory made relative to the project's files folder,
 * as users write paths in model SQL: "/data/files/shop/in.csv" becomes "in.csv", the warehouse file
 * "../../warehouses/shop.duckdb". DuckDB names files by the absolute paths it was given; the message is
 * stored as a step's or test's error and shown to API users, who are not to learn the server's layout.
 */
export function relativePaths(message: string, filesDir: string, dataDir: string): string {
  const toData = path.relative(filesDir, dataDir);
  let out = message;
  // The files folder first: it lies inside the data directory. Whole path components only: /data must
  // rewrite neither /database nor /mnt/data.
  for (const [absolute, relative] of [[filesDir, '.'], [dataDir, toData]] as const) {
    const pattern = new RegExp(`(?<![\\w.-])${escapeRegExp(absolute)}(?:(/)|(?![\\w.-]))`, 'g');
    out = out.replace(pattern, (_match, slash?: string) => (slash ? (relative === '.' ? '' : `${relative}/`) : relative));
  }
  return out;
}

/** The same error, its message free of server paths; the original stays as its cause, for logs. */
export function withRelativePaths(err: unknown, filesDir: string, dataDir: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(relativePaths(message, filesDir, dataDir), { cause: err });
}

/** DuckDB's words when another process holds a file's lock (see data-dir.ts, which relies on the same). */
export const isLockConflict = (err: unknown) => err instanceof Error && /Could not set lock on file/.test(err.message);

/** Confines file access to the project's files folder, bounds memory, and locks that so SQL cannot lift it. */
async function sandbox(connection: DuckDBConnection, files: string, memoryLimit: string): Promise<void> {
  // Values below are our own paths and settings, not user input; SET takes no parameters.
  await connection.run(`SET allowed_directories = [${sqlString(files + path.sep)}]`);
  await connection.run(`SET memory_limit = ${sqlString(memoryLimit)}`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}

async function readRows<Value>(
  connection: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[],
  maxRows: number,
  convert?: DuckDBValueConverter<Value>,
): Promise<QueryRows<Value>> {
  const result = await connection.stream(sql, [...params]);
  const rows: Value[][] = [];
  let truncated = false;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const room = maxRows - rows.length;
    if (room === 0 || chunk.rowCount > room) truncated = true;
    rows.push(...((convert ? chunk.convertRows(convert) : chunk.getRows()) as Value[][]).slice(0, room));
    if (truncated) break;
  }
  const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i).toString() }));
  return { columns, rows, truncated };
}

const LOCK_RETRY_MS = 50;

export const warehouseFile = (dataDir: string, project: string) => path.join(dataDir, 'warehouses', `${project}.duckdb`);

/** Opens the file for writing, waiting out another process's readers: each lets go within the query time limit. */
async function createWritable(file: string, lock: LockWait): Promise<DuckDBInstance> {
  const deadline = Date.now() + lock.ms;
  for (;;) {
    try {
      return await DuckDBInstance.create(file);
    } catch (err) {
      if (!isLockConflict(err) || Date.now() >= deadline) throw err;
      lock.onWait?.();
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/** Connects to an open instance in the sandbox, closing the instance (and so its file lock) if that fails. */
async function connectSandboxed(instance: DuckDBInstance, files: string, memoryLimit: string, prepare: (c: DuckDBConnection) => Promise<void>) {
  try {
    const connection = await instance.connect();
    await sandbox(connection, files, memoryLimit);
    await prepare(connection);
    return connection;
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

export interface SessionPlace {
  dataDir: string;
  files: string;
  project: string;
  memoryLimit: string;
}

export interface LockWait {
  ms: number;
  /** Told each time the file is found locked by another process. */
  onWait?: (() => void) | undefined;
}

export async function openWritable(o: SessionPlace, schema: string, lock: LockWait): Promise<WarehouseSession> {
  await fs.mkdir(o.files, { recursive: true });
  await fs.mkdir(path.join(o.dataDir, 'warehouses'), { recursive: true });
  const instance = await createWritable(warehouseFile(o.dataDir, o.project), lock);
  const connection = await connectSandboxed(instance, o.files, o.memoryLimit, async (c) => {
    await c.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(o.project)}.${quoteIdent(schema)}`);
    await c.run(`USE ${quoteIdent(o.project)}.${quoteIdent(schema)}`);
  });
  const relative = (err: unknown) => withRelativePaths(err, o.files, o.dataDir);
  return {
    filesDir: o.files,
    async execute(sql) {
      await connection.run(sql).catch((err: unknown) => {
        throw relative(err);
      });
    },
    async count(sql, params = []) {
      const reader = await connection.runAndReadAll(sql, [...params]).catch((err: unknown) => {
        throw relative(err);
      });
      const first = reader.getRows()[0]?.[0];
      return Number(first ?? 0);
    },
    async query(sql, params = [], maxRows = Number.MAX_SAFE_INTEGER) {
      return readRows(connection, sql, params, maxRows).catch((err: unknown) => {
        throw relative(err);
      });
    },
    interrupt: () => connection.interrupt(),
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export async function openReadOnly(o: SessionPlace, timeoutMs: number): Promise<ReadOnlySession> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(warehouseFile(o.dataDir, o.project), { access_mode: 'READ_ONLY' });
  } catch (err) {
    // Another process's run holds it: answer now rather than wait for the run to end.
    if (isLockConflict(err)) throw new WarehouseBusyError(o.project);
    throw err;
  }
  const connection = await connectSandboxed(instance, o.files, o.memoryLimit, async (c) => {
    // Runs build into the project's schema unless told otherwise, so that is where bare names resolve.
    const own = await c.runAndReadAll('SELECT count(*) FROM information_schema.schemata WHERE catalog_name = $1 AND schema_name = $1', [o.project]);
    if (Number(own.getRows()[0]?.[0]) > 0) await c.run(`USE ${quoteIdent(o.project)}.${quoteIdent(o.project)}`);
  });
  const relative = (err: unknown) => withRelativePaths(err, o.files, o.dataDir);
  return {
    filesDir: o.files,
    async query(sql, params = [], maxRows = Number.MAX_SAFE_INTEGER) {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, timeoutMs);
      try {
        return await readRows(connection, sql, params, maxRows, toJsonValue);
      } catch (err) {
        throw timedOut ? new QueryTimeoutError(timeoutMs) : relative(err);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
