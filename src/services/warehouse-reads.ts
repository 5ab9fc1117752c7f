// Reading a project's warehouse beside its runs, for the query and freshness routes: which project, and a
// read-only session whose refusals come out as the API's errors.
import { AppError, Errors, fail } from '../domain/errors.js';
import {
  QueryTimeoutError,
  WarehouseBusyError,
  WarehouseMissingError,
  type ReadOnlySession,
  type Warehouse,
} from '../engine/warehouse.js';
import { hasRunningRun } from '../store/run-queue.js';
import type { ServiceContext } from './context.js';

export interface DataDeps {
  warehouse: Warehouse;
  /** Largest file an upload may write, bytes. */
  uploadLimit: number;
  /** Most rows a query's reply holds. */
  queryRowLimit: number;
}

/** When to ask again for a warehouse a run holds: runs last seconds to minutes, and the client may poll. */
const BUSY_RETRY_SECONDS = 5;

/** The project a read names, or else the only project that has a warehouse. */
export async function readableProject(warehouse: Warehouse, named: string | undefined): Promise<string> {
  if (named !== undefined) return named;
  const projects = await warehouse.projects();
  if (projects.length === 1) return projects[0]!;
  return fail(
    Errors.validation,
    projects.length === 0
      ? 'project_name: no project has a warehouse yet; run a project’s models first'
      : `project_name is required when several projects have a warehouse (${projects.slice(0, 10).join(', ')})`,
  );
}

function asProblem(err: unknown): unknown {
  if (err instanceof WarehouseBusyError) return new AppError(Errors.warehouseBusy, `${err.message}; ask again once it has finished`, {}, BUSY_RETRY_SECONDS);
  if (err instanceof WarehouseMissingError) return new AppError(Errors.notFound, err.message);
  if (err instanceof QueryTimeoutError) return new AppError(Errors.queryTimeout, err.message);
  return err;
}

/**
 * Runs `read` on the project's warehouse opened read-only, and closes it. A run executing anywhere (the
 * store knows) makes the warehouse busy before it is opened, so readers never hold up a run's start.
 */
export async function withReader<T>(ctx: ServiceContext, warehouse: Warehouse, project: string, read: (session: ReadOnlySession) => Promise<T>): Promise<T> {
  if (await hasRunningRun(ctx.db, project)) throw asProblem(new WarehouseBusyError(project));
  const session = await warehouse.openReadOnly(project).catch((err: unknown) => {
    throw asProblem(err);
  });
  try {
    return await read(session);
  } catch (err) {
    throw asProblem(err);
  } finally {
    await session.close();
  }
}
