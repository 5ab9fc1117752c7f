// What services need from the outside world, passed in so tests can hold a run at a named point.
import type { Db } from '../store/schema.js';

/** Named points inside units of work where a test may inject a fault or wait. */
export interface Racepoints {
  afterRunInsert?: () => Promise<void> | void;
}

export interface Principal {
  id: string;
  username: string;
  role: 'reader' | 'writer' | 'admin';
}

export interface ServiceContext {
  db: Db;
  now: () => Date;
  newId: () => string;
  racepoints: Racepoints;
  lineageNodeCap: number;
}
