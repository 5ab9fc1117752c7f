// Who holds a warehouse file inside this process. DuckDB's file lock keeps processes apart, but it is an
// fcntl lock, and a process never conflicts with itself on one: a second instance of the file in the same
// process opens it regardless, and a reader could meet a writer's half-done checkpoint. So they meet here.
import { WarehouseBusyError } from './warehouse-errors.js';

export class WarehouseGate {
  private readonly writers = new Map<string, number>();
  private readonly readers = new Map<string, number>();
  /** Files a backup holds closed: no reader or writer may enter until it lets go. */
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();

  /** A reader's pass, refused while a writer or a backup holds or awaits the file: a stream of readers never starves either. */
  enterReader(file: string, project: string): () => void {
    if (this.writers.has(file) || this.held.has(file)) throw new WarehouseBusyError(project);
    this.readers.set(file, (this.readers.get(file) ?? 0) + 1);
    return once(() => this.leave(this.readers, file));
  }

  /** A writer's pass, once a backup holding the file is done and the readers already in are out (each ends within the query time limit). */
  async enterWriter(file: string): Promise<() => void> {
    await this.until(file, () => !this.held.has(file));
    this.writers.set(file, (this.writers.get(file) ?? 0) + 1);
    await this.until(file, () => !this.readers.has(file));
    return once(() => this.leave(this.writers, file));
  }

  /**
   * Closes the file to everyone in this process, once those inside are out: a writer (a run) finishes first.
   * Meanwhile the file is closed and checkpointed, so a copy of it is whole. Writers arriving wait; readers are refused.
   */
  async hold(file: string): Promise<() => void> {
    await this.until(file, () => !this.held.has(file));
    this.held.add(file);
    await this.until(file, () => !this.writers.has(file) && !this.readers.has(file));
    return once(() => {
      this.held.delete(file);
      this.wake(file);
    });
  }

  private leave(counts: Map<string, number>, file: string): void {
    const left = counts.get(file)! - 1;
    if (left > 0) counts.set(file, left);
    else counts.delete(file);
    this.wake(file);
  }

  private async until(file: string, ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise<void>((resolve) => this.waiting.set(file, [...(this.waiting.get(file) ?? []), resolve]));
  }

  /** Everyone waiting on the file looks again: each re-checks its own condition. */
  private wake(file: string): void {
    const waiters = this.waiting.get(file) ?? [];
    this.waiting.delete(file);
    for (const resolve of waiters) resolve();
  }
}

function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}
