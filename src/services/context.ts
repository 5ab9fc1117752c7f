// What services need from the outside world, passed in so tests can hold a run at a named point.
import type { Role } from '../domain/roles.js';
import type { Db } from '../store/schema.js';

/** Named points inside units of work where a test may inject a fault or wait. */
export interface Racepoints {
  afterRunInsert?: () => Promise<void> | void;
  /** Inside a worker, before a step's SQL runs. */
  beforeStepExecute?: (runId: string, modelName: string) => Promise<void> | void;
  /** Inside a worker, once it has decided a step's next status and before the fenced write of it. */
  beforeStepUpdate?: (runId: string, modelName: string, status: string) => Promise<void> | void;
  /** Inside a cancel's transaction: the run is locked, its steps closed and its PROV written, not yet committed. */
  beforeCancelCommit?: (runId: string) => Promise<void> | void;
  /** Inside a worker, once it has let go of a run: ended it, or found it cancelled or reaped. */
  afterRunExecuted?: (runId: string) => Promise<void> | void;
  /** Inside a Provena job's transaction: its effect written, its end not yet; the job row is locked. */
  beforeJobCommit?: (sessionId: string) => Promise<void> | void;
  /** Before a registry item's update, its body checked: two updates held here then race for the row. */
  beforeItemUpdate?: (id: string) => Promise<void> | void;
  /** Before a model's patch takes the project lock, the model already read once to check it exists. */
  beforeModelPatch?: (project: string, name: string) => Promise<void> | void;
}

/** Who is calling: a user (password or token), an API key, or a subject of an external OIDC issuer. */
export interface Principal {
  id: string;
  username: string;
  role: Role;
  kind: 'user' | 'api_key' | 'oidc';
}

export interface ServiceContext {
  db: Db;
  now: () => Date;
  newId: () => string;
  racepoints: Racepoints;
  lineageNodeCap: number;
}
