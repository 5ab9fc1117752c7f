// Runs as they change, for server-sent events. One poller per process reads the runs whose updated_at moved
// (a trigger keeps it) and hands them to every subscriber: the store is the only shared state, so a run
// finished by a worker on another machine reaches a browser connected to any `serve` process.
import type { RunView } from '../domain/run-schemas.js';
import { listRunsChangedSince } from '../store/runs.js';
import type { RunRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { toRunView } from './run-views.js';

/**
 * How far back each poll looks again. A change is stamped inside its transaction but seen only after commit,
 * so a transaction slower than this could commit a change behind the cursor; runs' own transactions are short.
 */
const OVERLAP_MS = 5_000;
const BATCH = 500;
/** Pages read per poll; a burst larger than this is sent over the next polls. */
const MAX_PAGES = 20;

export type RunListener = (run: RunView) => void;

export class RunChangeFeed {
  private readonly listeners = new Set<RunListener>();
  private timer: NodeJS.Timeout | undefined;
  private cursor = new Date();
  /** What was last sent of each run changed within the overlap window, so a re-read is not re-sent. */
  private sent = new Map<string, number>();
  private polling = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly pollMs: number,
  ) {}

  subscribe(listener: RunListener): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Runs changed since `since` (a reconnecting client's Last-Event-ID), for that client alone. */
  async since(since: Date): Promise<RunView[]> {
    return (await listRunsChangedSince(this.ctx.db, since, BATCH)).map(toRunView);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    this.cursor = new Date();
    this.sent.clear();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  private emit(row: RunRow): void {
    const stamp = row.updated_at.getTime();
    if (this.sent.get(row.id) === stamp) return;
    this.sent.set(row.id, stamp);
    const view = toRunView(row);
    for (const listener of this.listeners) listener(view);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const from = new Date(this.cursor.getTime() - OVERLAP_MS);
      let after: { at: Date; id: string } | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const rows = await listRunsChangedSince(this.ctx.db, from, BATCH, after);
        for (const row of rows) this.emit(row);
        const last = rows.at(-1);
        if (!last) break;
        if (last.updated_at > this.cursor) this.cursor = last.updated_at;
        if (rows.length < BATCH) break;
        after = { at: last.updated_at, id: last.id };
      }
      const forgetBefore = this.cursor.getTime() - OVERLAP_MS;
      for (const [id, stamp] of this.sent) if (stamp < forgetBefore) this.sent.delete(id);
    } catch {
      // A failed poll (store restarting) is retried at the next tick; subscribers stay connected.
    } finally {
      this.polling = false;
    }
  }
}
