// Where SQL models materialise. The engine talks to this interface; DuckDB is its first implementation,
// and a PostgreSQL warehouse can implement the same contract when runs span machines.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

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

export interface QueryRows {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** True when the query had more rows than were read. */
  truncated: boolean;
}

export interface Warehouse {
  filesDir(project: string): string;
  open(project: string, schema: string): Promise<WarehouseSession>;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A table as DuckDB sees it: the warehouse file is named after the project, which makes the project the
 * catalog; qualifying fully keeps a schema of the same name from being ambiguous.
 */
export function tableRef(project: string, schema: string, name: string): string {
  return `${quoteIdent(project)}.${quoteIdent(schema)}.${quoteIdent(name)}`;
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

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
function withRelativePaths(err: unknown, filesDir: string, dataDir: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(relativePaths(message, filesDir, dataDir), { cause: err });
}

async function openDuckDbSession(dataDir: string, files: string, project: string, schema: string, memoryLimit: string): Promise<WarehouseSession> {
  await fs.mkdir(files, { recursive: true });
  await fs.mkdir(path.join(dataDir, 'warehouses'), { recursive: true });
  const instance = await DuckDBInstance.create(path.join(dataDir, 'warehouses', `${project}.duckdb`));
  const connection: DuckDBConnection = await instance.connect();
  // Values below are our own paths and validated identifiers, not user input; SET takes no parameters.
  await connection.run(`SET allowed_directories = [${sqlString(files + path.sep)}]`);
  await connection.run(`SET memory_limit = ${sqlString(memoryLimit)}`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(project)}.${quoteIdent(schema)}`);
  await connection.run(`USE ${quoteIdent(project)}.${quoteIdent(schema)}`);
  const relative = (err: unknown) => withRelativePaths(err, files, dataDir);
  return {
    filesDir: files,
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
      const result = await connection.stream(sql, [...params]).catch((err: unknown) => {
        throw relative(err);
      });
      const rows: unknown[][] = [];
      let truncated = false;
      try {
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          for (const row of chunk.getRows()) {
            if (rows.length === maxRows) {
              truncated = true;
              break;
            }
            rows.push(row);
          }
          if (truncated) break;
        }
      } catch (err) {
        throw relative(err);
      }
      const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i).toString() }));
      return { columns, rows, truncated };
    },
    interrupt: () => connection.interrupt(),
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * One DuckDB file per project (a DuckDB file admits one writer at a time), opened for a run and closed
 * after it. The sandbox confines file access to the project's files folder and is locked so model SQL
 * cannot lift it. Errors leave it with paths relative to that folder.
 */
export function createDuckDbWarehouse(dataDir: string, memoryLimit: string): Warehouse {
  const filesDir = (project: string) => path.join(dataDir, 'files', project);
  return {
    filesDir,
    async open(project, schema) {
      const files = filesDir(project);
      return openDuckDbSession(dataDir, files, project, schema, memoryLimit).catch((err: unknown) => {
        throw withRelativePaths(err, files, dataDir);
      });
    },
  };
}
