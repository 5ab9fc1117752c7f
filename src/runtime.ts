// What every runledger process needs: the store (migrated), the service context and the warehouse.
import { v7 as uuidv7 } from 'uuid';
import type { Config } from './config.js';
import { lockDataDir, secureDataDir, type DataDirLock } from './data-dir.js';
import { createDuckDbWarehouse, type Warehouse } from './engine/warehouse.js';
import type { Logger } from './observability/logger.js';
import { Worker } from './runs/worker.js';
import type { WorkerMetrics } from './runs/worker-metrics.js';
import type { Racepoints, ServiceContext } from './services/context.js';
import { openStore, type Store, type StoreOptions } from './store/database.js';
import { scheduleAnalyze } from './store/maintenance.js';
import { migrateToLatest } from './store/migrate.js';

export interface Runtime {
  store: Store;
  ctx: ServiceContext;
  warehouse: Warehouse;
}

export interface RuntimeOptions {
  racepoints?: Racepoints;
  /** Overrides for the store, e.g. an isolated PostgreSQL schema in tests. */
  store?: Partial<StoreOptions>;
  warn?: (message: string) => void;
  /** Where background faults of the runtime (e.g. a failed ANALYZE) are logged; stderr otherwise. */
  log?: Logger;
}

/**
 * Makes the data directory private and, when it holds the embedded store, locks it to this process: two
 * processes on one embedded store each keep their own copy of it in memory and lose each other's writes.
 */
export async function claimDataDir(config: Config, warn: (message: string) => void): Promise<DataDirLock | undefined> {
  const { fixed, failed } = await secureDataDir(config.dataDir);
  if (fixed > 0) warn(`made ${fixed} entries of ${config.dataDir} private to their owner (they were readable by other users)`);
  for (const failure of failed) warn(`could not make private ${failure}`);
  return config.databaseUrl ? undefined : lockDataDir(config.dataDir);
}

/** The store of `config`, with the data directory claimed first and released when the store closes. */
export async function openConfiguredStore(config: Config, options: RuntimeOptions = {}): Promise<Store> {
  const warn = options.warn ?? ((message: string) => console.warn(`runledger: ${message}`));
  const lock = await claimDataDir(config, warn);
  let store: Store;
  try {
    store = await openStore({
      databaseUrl: config.databaseUrl,
      embeddedDir: `${config.dataDir}/store`,
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
      onReopen: warn,
      onConnectionError: (err) => warn(`lost a PostgreSQL connection: ${err.message}`),
      ...options.store,
    });
  } catch (err) {
    await lock?.release();
    throw err;
  }
  const close = store.close;
  store.close = async () => {
    await close();
    await lock?.release();
  };
  return store;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const store = await openConfiguredStore(config, options);
  await migrateToLatest(store.db, store.schema);
  if (store.kind === 'embedded') {
    const log = options.log;
    const stop = scheduleAnalyze(store.db, 5 * 60_000, (err) =>
      log ? log.error({ err }, 'ANALYZE failed') : console.error(`runledger: ANALYZE failed: ${err.message}`),
    );
    const close = store.close;
    store.close = async () => {
      stop();
      await close();
    };
  }
  const ctx: ServiceContext = {
    db: store.db,
    now: () => new Date(),
    newId: () => uuidv7(),
    racepoints: options.racepoints ?? {},
    lineageNodeCap: config.lineageNodeCap,
  };
  return { store, ctx, warehouse: createDuckDbWarehouse(config.dataDir, config.warehouseMemory, { queryTimeoutMs: config.query.timeoutMs }) };
}

export function createWorker(config: Config, runtime: Runtime, name: string, observe: { log: Logger; metrics: WorkerMetrics }): Worker {
  return new Worker(runtime.ctx, runtime.warehouse, {
    workerId: `${name}-${process.pid}-${runtime.ctx.newId().slice(-8)}`,
    ...config.worker,
    ...observe,
  });
}
