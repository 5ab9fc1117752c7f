// Graceful shutdown with a deadline, for `serve` and `worker`. Hand-written rather than close-with-grace:
// there the delay is a kill timer (exit 1 when it fires), whereas here the deadline is a change of phase —
// interrupt the DuckDB statement, put its run back in the queue, let the store close, and still exit 0.
import type { Logger } from '../observability/logger.js';

export interface Stoppable {
  /** Stops gently; resolves when everything is closed. */
  close(): Promise<void>;
  /** Cuts short what close() waits for: connections dropped, the run in hand interrupted and requeued. */
  interrupt(): void;
}

/** How long an interrupted close may still take (DuckDB stopping, a requeue committing) before the process exits anyway. */
export const FORCED_EXIT_MS = 5_000;

/**
 * On SIGTERM or SIGINT: stop taking work and wait for what is in hand; after `timeoutMs`, or at a second
 * signal, interrupt it. Exits 0 once closed. If even the interrupted close hangs, exits 1 after FORCED_EXIT_MS:
 * a run left RUNNING then ends FAILED by the reaper when its lease lapses. A third signal exits at once.
 */
export function closeOnSignals(target: Stoppable, timeoutMs: number, log: Logger): void {
  let startedAt = 0;
  let signals = 0;
  let interrupted = false;
  let deadline: NodeJS.Timeout | undefined;

  const interrupt = (reason: string) => {
    if (interrupted) return;
    interrupted = true;
    clearTimeout(deadline);
    log.warn({ timeoutMs }, `${reason}: interrupting the run in hand (it goes back to the queue) and dropping open connections`);
    target.interrupt();
    setTimeout(() => {
      log.fatal({ forcedAfterMs: FORCED_EXIT_MS }, 'shutdown still not finished after interrupting; exiting (a run left RUNNING is reaped when its lease lapses)');
      process.exit(1);
    }, FORCED_EXIT_MS).unref();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 2) return interrupt(`${signal} again`);
    if (signals > 2) {
      log.fatal({ signal }, 'third signal: exiting now');
      process.exit(1);
    }
    startedAt = Date.now();
    log.info({ signal, timeoutMs }, 'shutting down: taking no new work, finishing requests and runs in hand');
    deadline = setTimeout(() => interrupt(`shutdown deadline of ${timeoutMs} ms passed`), timeoutMs);
    target.close().then(
      () => {
        clearTimeout(deadline);
        log.info({ durationMs: Date.now() - startedAt, interrupted }, interrupted ? 'shut down after interrupting' : 'shut down');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
