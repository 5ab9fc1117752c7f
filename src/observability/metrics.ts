// One process's metrics, in its own prom-client registry (never the global default one, so several servers
// in one process, as in tests, each count their own). The HTTP layer, the workers and the OTLP receiver
// report into it; what the store holds (live runs, queue depth, pool use) is read when it is scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RUN_KINDS } from '../domain/run-status.js';
import type { RunOutcome, WorkerMetrics, WorkQueue } from '../runs/worker-metrics.js';
import type { PoolUsage } from '../store/database.js';
import { countLiveRuns, countPendingJobs } from '../store/run-stats.js';
import type { Db } from '../store/schema.js';
import type { Logger } from './logger.js';

export interface MetricsSources {
  db: Db;
  poolUsage: () => PoolUsage;
  log: Logger;
}

/** A route label for requests no route matched: one series for them all, whatever paths clients send. */
export const UNMATCHED_ROUTE = '(unmatched)';

const LIVE_STATUSES = ['PENDING', 'RUNNING'] as const;

export class Metrics implements WorkerMetrics {
  readonly registry = new Registry();
  private readonly httpDuration;
  private readonly spans;
  private readonly liveRuns;
  private readonly queueDepth;
  private readonly claimLatency;
  private readonly runDuration;
  private readonly stepDuration;
  private readonly leaseRenewals;
  private readonly reaps;
  private readonly jobs;
  private readonly poolConnections;
  private readonly poolMax;
  private readonly poolWaiting;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'runledger_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status: latency, and (as _count) how many',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.spans = new Counter({
      name: 'runledger_otlp_spans_received_total',
      help: 'OTLP spans received, by outcome: accepted (stored or already stored) or rejected',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.liveRuns = new Gauge({
      name: 'runledger_runs',
      help: 'Runs waiting or executing, by kind and status, counted in the store at scrape time',
      labelNames: ['kind', 'status'] as const,
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'runledger_queue_depth',
      help: 'Work waiting for a worker, counted in the store at scrape time: triggered runs PENDING, Provena jobs PENDING',
      labelNames: ['queue'] as const,
      registers,
    });
    this.claimLatency = new Histogram({
      name: 'runledger_claim_latency_seconds',
      help: "Time from queued to claimed by this process's workers",
      labelNames: ['queue'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.runDuration = new Histogram({
      name: 'runledger_run_duration_seconds',
      help: "Triggered runs executed by this process's workers, from claim to end, by outcome",
      labelNames: ['outcome'] as const,
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.stepDuration = new Histogram({
      name: 'runledger_step_duration_seconds',
      help: "Steps (model builds, tests excluded) executed by this process's workers, by status",
      labelNames: ['status'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800],
      registers,
    });
    this.leaseRenewals = new Counter({
      name: 'runledger_lease_renewals_total',
      help: 'Lease renewals by queue and outcome: renewed, or lost (the work was cancelled, reaped or handed back)',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    });
    this.reaps = new Counter({
      name: 'runledger_lease_reaps_total',
      help: 'Work whose worker stopped renewing its lease, found by this process: runs ended FAILED, jobs handed back',
      labelNames: ['queue'] as const,
      registers,
    });
    this.jobs = new Counter({
      name: 'runledger_jobs_total',
      help: "Provena jobs ended by this process's workers, by outcome (TAKEN: another worker had it)",
      labelNames: ['outcome'] as const,
      registers,
    });
    this.poolConnections = new Gauge({
      name: 'runledger_store_pool_connections',
      help: "Store connections of this process's pool by state (the embedded store has one)",
      labelNames: ['state'] as const,
      registers,
    });
    this.poolMax = new Gauge({ name: 'runledger_store_pool_max_connections', help: 'Most connections the pool opens', registers });
    this.poolWaiting = new Gauge({ name: 'runledger_store_pool_waiting_requests', help: 'Queries waiting for a pooled connection', registers });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric, the store's counts read now. */
  async render(): Promise<string> {
    this.readPool();
    await this.readStore();
    return this.registry.metrics();
  }

  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route: route ?? UNMATCHED_ROUTE, status_code: String(statusCode) }, seconds);
  }

  spansReceived(accepted: number, rejected: number): void {
    if (accepted > 0) this.spans.inc({ outcome: 'accepted' }, accepted);
    if (rejected > 0) this.spans.inc({ outcome: 'rejected' }, rejected);
  }

  claimed(queue: WorkQueue, waitedSeconds: number): void {
    this.claimLatency.observe({ queue }, Math.max(0, waitedSeconds));
  }

  runEnded(outcome: RunOutcome, seconds: number): void {
    this.runDuration.observe({ outcome }, Math.max(0, seconds));
  }

  stepEnded(status: 'SUCCESS' | 'FAILED', seconds: number): void {
    this.stepDuration.observe({ status }, Math.max(0, seconds));
  }

  leaseRenewed(queue: WorkQueue, kept: boolean): void {
    this.leaseRenewals.inc({ queue, outcome: kept ? 'renewed' : 'lost' });
  }

  reaped(queue: WorkQueue, count: number): void {
    if (count > 0) this.reaps.inc({ queue }, count);
  }

  jobEnded(outcome: 'SUCCEEDED' | 'FAILED' | 'TAKEN'): void {
    this.jobs.inc({ outcome });
  }

  private readPool(): void {
    const usage = this.sources.poolUsage();
    this.poolConnections.set({ state: 'in_use' }, usage.inUse);
    this.poolConnections.set({ state: 'idle' }, usage.idle);
    this.poolMax.set(usage.max);
    this.poolWaiting.set(usage.waiting);
  }

  /**
   * Only live runs are counted: those queries walk indexes over PENDING and RUNNING rows, whereas counting
   * every run ever recorded would read the whole table at each scrape. A store that does not answer leaves
   * these series out of this scrape rather than failing it (process and HTTP metrics still tell what is wrong).
   */
  private async readStore(): Promise<void> {
    try {
      const [live, pendingJobs] = await Promise.all([countLiveRuns(this.sources.db), countPendingJobs(this.sources.db)]);
      this.liveRuns.reset();
      for (const kind of RUN_KINDS) for (const status of LIVE_STATUSES) this.liveRuns.set({ kind, status }, 0);
      for (const row of live) this.liveRuns.set({ kind: row.kind, status: row.status }, row.count);
      const pendingRuns = live.find((r) => r.kind === 'triggered' && r.status === 'PENDING')?.count ?? 0;
      this.queueDepth.set({ queue: 'runs' }, pendingRuns);
      this.queueDepth.set({ queue: 'jobs' }, pendingJobs);
    } catch (err) {
      this.liveRuns.reset();
      this.queueDepth.reset();
      this.sources.log.warn({ err }, 'metrics: the store did not answer; store counts left out of this scrape');
    }
  }
}
