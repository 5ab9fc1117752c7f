// What a worker reports as it goes. The process's metrics registry implements it (src/observability);
// runs/ only knows this shape, so the worker neither imports prom-client nor depends on one being set up.

/** The two queues workers take work from: triggered runs and Provena jobs. */
export type WorkQueue = 'runs' | 'jobs';

/** How a run left this worker's hands: ended by it, ended under it (cancelled or reaped), or put back in the queue. */
export type RunOutcome = 'SUCCESS' | 'FAILED' | 'CANCELLED' | 'REQUEUED';

export interface WorkerMetrics {
  /** Taken from a queue, `waitedSeconds` after it was queued. */
  claimed(queue: WorkQueue, waitedSeconds: number): void;
  runEnded(outcome: RunOutcome, seconds: number): void;
  /** A step's build ended (its tests not included). */
  stepEnded(status: 'SUCCESS' | 'FAILED', seconds: number): void;
  /** A heartbeat: the lease renewed, or found taken (the run cancelled or reaped, the job handed back). */
  leaseRenewed(queue: WorkQueue, kept: boolean): void;
  /** Work whose worker stopped renewing its lease, found and ended (runs) or handed back (jobs). */
  reaped(queue: WorkQueue, count: number): void;
  jobEnded(outcome: 'SUCCEEDED' | 'FAILED' | 'TAKEN'): void;
}

export const NO_WORKER_METRICS: WorkerMetrics = {
  claimed: () => undefined,
  runEnded: () => undefined,
  stepEnded: () => undefined,
  leaseRenewed: () => undefined,
  reaped: () => undefined,
  jobEnded: () => undefined,
};
