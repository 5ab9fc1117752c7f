// The embedded store (PGlite) served to Kysely's PostgreSQL driver as a pool of one connection, so both
// stores run through the same driver. Our own rather than kysely-pglite-dialect because that dialect holds
// one PGlite instance for its lifetime: it can neither bound a statement's parameters nor re-open the
// database when its connection stops answering.
import { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { checkParameterCount } from './parameter-limit.js';

const IN_FAILED_TRANSACTION = '25P02';

/** A connection pool's state, as metrics report it. */
export interface PoolUsage {
  max: number;
  inUse: number;
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
}

export interface EmbeddedPoolOptions {
  /** A data directory, or undefined for an in-memory database (tests). */
  dataDir: string | undefined;
  /** A data directory dump (PGlite's dumpDataDir) to start from: loading one skips initdb, which is slow. */
  initialData?: Blob;
  onReopen?: (reason: string) => void;
}

export class EmbeddedPool implements PostgresPool {
  #client: PGlite;
  #options: EmbeddedPoolOptions;
  /** Callers waiting for the one connection, first come first served. */
  #waiting: (() => void)[] = [];
  #busy = false;

  private constructor(client: PGlite, options: EmbeddedPoolOptions) {
    this.#client = client;
    this.#options = options;
  }

  static async open(options: EmbeddedPoolOptions): Promise<EmbeddedPool> {
    const client = options.initialData
      ? await PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), loadDataDir: options.initialData })
      : await PGlite.create(options.dataDir);
    return new EmbeddedPool(client, options);
  }

  /** The PGlite instance itself, for tests that must reach past the pool. */
  get client(): PGlite {
    return this.#client;
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    let released = false;
    const client = {
      query: async (sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<unknown>> => {
        checkParameterCount(parameters);
        try {
          const result = await this.#client.query(sql, [...parameters]);
          // PGlite reports no command tag; a count of affected rows is what Kysely reads it for.
          return { command: result.affectedRows ? 'UPDATE' : 'SELECT', rowCount: result.affectedRows ?? 0, rows: result.rows };
        } catch (err) {
          // A statement error is the request's alone, unless it left the connection unable to answer.
          await this.ensureHealthy();
          throw err;
        }
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#waiting.shift();
        if (next) next();
        else this.#busy = false;
      },
    };
    return client as PostgresPoolClient;
  }

  /** One connection: in use or idle, and how many callers wait for it. */
  usage(): PoolUsage {
    return { max: 1, inUse: this.#busy ? 1 : 0, idle: this.#busy ? 0 : 1, waiting: this.#waiting.length };
  }

  /**
   * Checks that the connection still answers a query correctly; if not, re-opens the database from its
   * data directory (committed work is on disk) and reports false. An in-memory database cannot be re-opened
   * without losing everything, so it stays as it is and keeps reporting false.
   */
  async ensureHealthy(): Promise<boolean> {
    if (await this.#answers()) return true;
    if (this.#options.dataDir === undefined) return false;
    const broken = this.#client;
    await Promise.race([broken.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    this.#client = await PGlite.create(this.#options.dataDir);
    this.#options.onReopen?.('the embedded store stopped answering queries correctly; it was re-opened');
    return this.#answers();
  }

  /** Health as /ready sees it: waits for the connection, so it never runs inside another caller's transaction. */
  async check(): Promise<boolean> {
    const client = await this.connect();
    try {
      return await this.ensureHealthy();
    } finally {
      client.release();
    }
  }

  async #answers(): Promise<boolean> {
    try {
      const probe = await this.#client.query<{ ok: number }>('SELECT 1 AS ok');
      return probe.rows.length === 1 && probe.rows[0]!.ok === 1;
    } catch (err) {
      // Inside a transaction that a failed statement aborted, the connection itself is fine.
      return (err as { code?: string }).code === IN_FAILED_TRANSACTION;
    }
  }

  /**
   * The database's files as a tarball (PGlite's dumpDataDir), taken between transactions: it waits for the one
   * connection, so no transaction is half done, and checkpoints first, so the copy needs no WAL replay.
   */
  async snapshot(): Promise<Blob> {
    const client = await this.connect();
    try {
      await this.#client.query('CHECKPOINT');
      return await this.#client.dumpDataDir('none');
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    await this.#client.close();
  }
}
