// A worker claims PENDING triggered runs and Provena jobs one at a time, executes them, and ends them. Any
// number of workers, in any processes, can share one PostgreSQL store: claims, leases and fencing live there.
import pino, { type Logger } from 'pino';
import type { Warehouse } from '../engine/warehouse.js';
import { MAX_JOB_ATTEMPTS } from '../domain/provena-jobs.js';
import { claimNextJob, reapExpiredJobs } from '../store/provena-jobs.js';
import { claimNextRun, findExpiredRuns, lockExpiredRun, lockRun, requeueRun } from '../store/run-queue.js';
import type { ProvenaJobRow, RunRow } from '../store/schema.js';
import type { ServiceContext } from '../services/context.js';
import { executeRun, type ExecutionOptions, type ExecutionOutcome } from './execute-run.js';
import { finishTriggeredRun } from './finish-run.js';
import { executeProvenaJob } from './provena-job.js';
import { NO_WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';

export interface WorkerOptions extends ExecutionOptions {
  pollMs: number;
  /** Where the worker tells its story (claims, steps, ends, reaps); silent when absent. */
  log?: Logger;
  metrics?: WorkerMetrics;
}

const secondsSince = (start: number) => (Date.now() - start) / 1000;

export class Worker {
  private stopped = false;
  private lastReap = 0;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly interruption = new AbortController();
  private readonly log: Logger;
  private readonly metrics: WorkerMetrics;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly warehouse: Warehouse,
    private readonly options: WorkerOptions,
  ) {
    this.log = (options.log ?? pino({ level: 'silent' })).child({ worker: options.workerId });
    this.metrics = options.metrics ?? NO_WORKER_METRICS;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Called when a run is queued in this process, so it starts without waiting for the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Stops claiming; the run or job in hand finishes first. PENDING jobs stay queued in the store for the
   * next worker to start, and a job whose worker was killed instead goes back to the queue when its lease lapses.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  /**
   * Stops now (a stop whose deadline has passed): the DuckDB statement in flight is interrupted and the run
   * in hand goes back to the queue, keeping the steps it finished, for any worker to continue. A Provena job
   * in hand is one store transaction and is left to finish. stop() still resolves when all that is done.
   */
  interrupt(): void {
    this.stopped = true;
    this.interruption.abort();
    this.wake();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        // A lapsed lease needs noticing within a lease or so, not on every idle poll.
        if (Date.now() - this.lastReap >= this.options.leaseMs / 2) {
          this.lastReap = Date.now();
          await this.reapExpired();
        }
        const run = await claimNextRun(this.ctx.db, this.options.workerId, this.options.leaseMs);
        if (run) {
          await this.execute(run);
          continue;
        }
        const job = await claimNextJob(this.ctx.db, this.options.workerId, this.options.leaseMs);
        if (job) {
          await this.executeJob(job);
          continue;
        }
      } catch (err) {
        this.log.error({ err }, 'worker iteration failed');
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async execute(run: RunRow): Promise<void> {
    try {
      await this.executeAndEnd(run);
    } finally {
      await this.ctx.racepoints.afterRunExecuted?.(run.id);
    }
  }

  private async executeAndEnd(run: RunRow): Promise<void> {
    const started = Date.now();
    const log = this.log.child({ runId: run.id, project: run.project_name });
    const waitedMs = (run.started_at ?? new Date(started)).getTime() - run.created_at.getTime();
    this.metrics.claimed('runs', waitedMs / 1000);
    log.info({ waitedMs }, 'run claimed');
    const signal = this.interruption.signal;
    let outcome: ExecutionOutcome;
    try {
      outcome = await executeRun(this.ctx, this.warehouse, run, this.options, { log, metrics: this.metrics, signal });
    } catch (err) {
      outcome = signal.aborted
        ? { owned: true, interrupted: true, failures: [] }
        : { owned: true, interrupted: false, failures: [`run failed before its steps: ${(err as Error).message}`] };
    }
    if (!outcome.owned) return this.endedUnder(run, log, started);
    if (outcome.interrupted) {
      const requeued = await this.ctx.db.transaction().execute((tx) => requeueRun(tx, run.id, this.options.workerId));
      if (!requeued) return this.endedUnder(run, log, started);
      this.metrics.runEnded('REQUEUED', secondsSince(started));
      log.warn('run requeued: this worker was stopped before the run ended; the next worker continues from its unfinished steps');
      return;
    }
    const failed = outcome.failures.length > 0;
    const error = failed ? outcome.failures.join('; ') : null;
    const ended = await this.ctx.db.transaction().execute(async (tx) => {
      const current = await lockRun(tx, run.id);
      if (current?.status !== 'RUNNING' || current.worker_id !== this.options.workerId) return false;
      const openSteps = { running: 'FAILED', pending: 'SKIPPED', message: 'run ended before this step finished' };
      await finishTriggeredRun(tx, current, { status: failed ? 'FAILED' : 'SUCCESS', error, openSteps }, this.ctx.now());
      return true;
    });
    if (!ended) return this.endedUnder(run, log, started);
    const durationMs = Date.now() - started;
    this.metrics.runEnded(failed ? 'FAILED' : 'SUCCESS', durationMs / 1000);
    if (failed) log.warn({ status: 'FAILED', durationMs, error }, 'run failed');
    else log.info({ status: 'SUCCESS', durationMs }, 'run finished');
  }

  /** The run was ended by someone else while this worker held it: cancelled, or reaped after a pause. */
  private async endedUnder(run: RunRow, log: Logger, started: number): Promise<void> {
    const current = await this.ctx.db.selectFrom('runs').select(['status', 'error_message']).where('id', '=', run.id).executeTakeFirst();
    const status = current?.status === 'CANCELLED' ? 'CANCELLED' : 'FAILED';
    this.metrics.runEnded(status, secondsSince(started));
    log.info({ status: current?.status, error: current?.error_message ?? undefined }, 'run ended under this worker');
  }

  private async executeJob(job: ProvenaJobRow): Promise<void> {
    const log = this.log.child({ sessionId: job.session_id, jobType: job.job_sub_type });
    this.metrics.claimed('jobs', secondsSince(job.created_at.getTime()));
    log.info({ attempt: job.attempts }, 'job claimed');
    let end: { status: 'SUCCEEDED' | 'FAILED'; info: string | null } | undefined;
    const ended = await executeProvenaJob(this.ctx, job, {
      ...this.options,
      onLeaseRenewed: (kept) => this.metrics.leaseRenewed('jobs', kept),
      onEnded: (e) => (end = e),
    });
    this.metrics.jobEnded(ended && end ? end.status : 'TAKEN');
    if (!ended || !end) log.warn('job was taken by another worker; this one changed nothing');
    else if (end.status === 'FAILED') log.warn({ status: 'FAILED', error: end.info }, 'job failed');
    else log.info({ status: 'SUCCEEDED' }, 'job succeeded');
  }

  /**
   * A run whose worker stopped renewing its lease (killed, partitioned) ends FAILED; it is not retried.
   * A job goes back to the queue: its effect and its end commit together, so taking it again is safe.
   */
  private async reapExpired(): Promise<void> {
    const jobs = await reapExpiredJobs(this.ctx.db, MAX_JOB_ATTEMPTS);
    if (jobs.requeued + jobs.failed > 0) {
      this.metrics.reaped('jobs', jobs.requeued + jobs.failed);
      this.log.warn(jobs, 'lease lapsed: jobs whose worker stopped renewing were handed back (or failed after too many attempts)');
    }
    for (const expired of await findExpiredRuns(this.ctx.db)) {
      const abandonedBy = await this.ctx.db.transaction().execute(async (tx) => {
        const current = await lockExpiredRun(tx, expired.id);
        if (!current) return undefined;
        const message = `worker ${current.worker_id ?? '?'} stopped renewing its lease; the run was abandoned`;
        await finishTriggeredRun(tx, current, { status: 'FAILED', error: message, openSteps: { running: 'FAILED', pending: 'SKIPPED', message } }, this.ctx.now());
        return current.worker_id ?? '?';
      });
      if (abandonedBy === undefined) continue;
      this.metrics.reaped('runs', 1);
      this.log.warn({ runId: expired.id, project: expired.project_name, abandonedBy }, 'lease lapsed: run ended FAILED');
    }
  }
}
