// Who holds a project's warehouse inside this process. DuckDB's file lock keeps processes apart, but it is an
// fcntl lock, and a process never conflicts with itself on one: a second instance of the file in the same
// process opens it regardless, and a reader could meet a writer's half-done checkpoint. So they meet here.
import { WarehouseBusyError } from './warehouse-errors.js';

export class WarehouseGate {
  private readonly writers = new Map<string, number>();
  private readonly readers = new Map<string, number>();
  private readonly drained = new Map<string, (() => void)[]>();

  /** A reader's pass, refused while a writer holds or awaits the project: a stream of readers never starves a run. */
  enterReader(project: string): () => void {
    if (this.writers.has(project)) throw new WarehouseBusyError(project);
    this.readers.set(project, (this.readers.get(project) ?? 0) + 1);
    return once(() => {
      const left = this.readers.get(project)! - 1;
      if (left > 0) {
        this.readers.set(project, left);
        return;
      }
      this.readers.delete(project);
      for (const wake of this.drained.get(project) ?? []) wake();
      this.drained.delete(project);
    });
  }

  /** A writer's pass, once the readers already in are out; each of them ends within the query time limit. */
  async enterWriter(project: string): Promise<() => void> {
    this.writers.set(project, (this.writers.get(project) ?? 0) + 1);
    while (this.readers.has(project)) {
      await new Promise<void>((resolve) => this.drained.set(project, [...(this.drained.get(project) ?? []), resolve]));
    }
    return once(() => {
      const left = this.writers.get(project)! - 1;
      if (left > 0) this.writers.set(project, left);
      else this.writers.delete(project);
    });
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
