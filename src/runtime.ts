// What every runledger process needs: the store (migrated), the service context and the warehouse.
import { v7 as uuidv7 } from 'uuid';
import type { Config } from './config.js';
import { createDuckDbWarehouse, type Warehouse } from './engine/warehouse.js';
import { Worker } from './runs/worker.js';
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
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    embeddedDir: `${config.dataDir}/store`,
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    ...options.store,
  });
  await migrateToLatest(store.db, store.schema);
  if (store.kind === 'embedded') {
    const stop = scheduleAnalyze(store.db, 5 * 60_000, (err) => console.error(`runledger: ANALYZE failed: ${err.message}`));
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
  return { store, ctx, warehouse: createDuckDbWarehouse(config.dataDir, config.warehouseMemory) };
}

export function createWorker(config: Config, runtime: Runtime, name: string, log?: (message: string, fields?: Record<string, unknown>) => void): Worker {
  return new Worker(runtime.ctx, runtime.warehouse, {
    workerId: `${name}-${process.pid}-${runtime.ctx.newId().slice(-8)}`,
    ...config.worker,
    ...(log ? { log } : {}),
  });
}
