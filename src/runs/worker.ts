// A worker claims PENDING triggered runs and Provena jobs one at a time, executes them, and ends them. Any
// number of workers, in any processes, can share one PostgreSQL store: claims, leases and fencing live there.
import type { Warehouse } from '../engine/warehouse.js';
import { MAX_JOB_ATTEMPTS } from '../domain/provena-jobs.js';
import { claimNextJob, reapExpiredJobs } from '../store/provena-jobs.js';
import { claimNextRun, findExpiredRuns, lockExpiredRun, lockRun } from '../store/run-queue.js';
import type { RunRow } from '../store/schema.js';
import type { ServiceContext } from '../services/context.js';
import { executeRun, type ExecutionOptions } from './execute-run.js';
import { finishTriggeredRun } from './finish-run.js';
import { executeProvenaJob } from './provena-job.js';

export interface WorkerOptions extends ExecutionOptions {
  pollMs: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export class Worker {
  private stopped = false;
  private lastReap = 0;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly warehouse: Warehouse,
    private readonly options: WorkerOptions,
  ) {}

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
          this.options.log?.('job claimed', { sessionId: job.session_id, subType: job.job_sub_type });
          const ended = await executeProvenaJob(this.ctx, job, this.options);
          this.options.log?.(ended ? 'job ended' : 'job was taken by another worker', { sessionId: job.session_id });
          continue;
        }
      } catch (err) {
        this.options.log?.('worker iteration failed', { err: (err as Error).message });
      }
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
    this.options.log?.('run claimed', { runId: run.id, project: run.project_name });
    let outcome;
    try {
      outcome = await executeRun(this.ctx, this.warehouse, run, this.options);
    } catch (err) {
      outcome = { owned: true, failures: [`run failed before its steps: ${(err as Error).message}`] };
    }
    if (!outcome.owned) return; // cancelled or reaped: whoever took it has already ended it
    await this.ctx.db.transaction().execute(async (tx) => {
      const current = await lockRun(tx, run.id);
      if (current?.status !== 'RUNNING' || current.worker_id !== this.options.workerId) return;
      const failed = outcome.failures.length > 0;
      await finishTriggeredRun(
        tx,
        current,
        {
          status: failed ? 'FAILED' : 'SUCCESS',
          error: failed ? outcome.failures.join('; ') : null,
          openSteps: { running: 'FAILED', pending: 'SKIPPED', message: 'run ended before this step finished' },
        },
        this.ctx.now(),
      );
    });
    this.options.log?.('run finished', { runId: run.id, failures: outcome.failures.length });
  }

  /**
   * A run whose worker stopped renewing its lease (killed, partitioned) ends FAILED; it is not retried.
   * A job goes back to the queue: its effect and its end commit together, so taking it again is safe.
   */
  private async reapExpired(): Promise<void> {
    const jobs = await reapExpiredJobs(this.ctx.db, MAX_JOB_ATTEMPTS);
    if (jobs.requeued + jobs.failed > 0) this.options.log?.('reaped abandoned jobs', jobs);
    for (const expired of await findExpiredRuns(this.ctx.db)) {
      await this.ctx.db.transaction().execute(async (tx) => {
        const current = await lockExpiredRun(tx, expired.id);
        if (!current) return;
        const message = `worker ${current.worker_id ?? '?'} stopped renewing its lease; the run was abandoned`;
        await finishTriggeredRun(tx, current, { status: 'FAILED', error: message, openSteps: { running: 'FAILED', pending: 'SKIPPED', message } }, this.ctx.now());
      });
      this.options.log?.('reaped abandoned run', { runId: expired.id });
    }
  }
}
