// Who holds a warehouse file inside this process. DuckDB's file lock keeps processes apart, but it is an
// fcntl lock, and a process never conflicts with itself on one: a second instance of the file in the same
// process opens it regardless, and a reader could meet a writer's half-done checkpoint. So they meet here.
import { WarehouseBusyError } from './warehouse-errors.js';

export class WarehouseGate {
  private readonly writers = new Map<string, number>();
  private readonly readers = new Map<string, number>();
  private readonly drained = new Map<string, (() => void)[]>();

  /** A reader's pass, refused while a writer holds or awaits the file: a stream of readers never starves a run. */
  enterReader(file: string, project: string): () => void {
    if (this.writers.has(file)) throw new WarehouseBusyError(project);
    this.readers.set(file, (this.readers.get(file) ?? 0) + 1);
    return once(() => {
      const left = this.readers.get(file)! - 1;
      if (left > 0) {
        this.readers.set(file, left);
        return;
      }
      this.readers.delete(file);
      for (const wake of this.drained.get(file) ?? []) wake();
      this.drained.delete(file);
    });
  }

  /** A writer's pass, once the readers already in are out; each of them ends within the query time limit. */
  async enterWriter(file: string): Promise<() => void> {
    this.writers.set(file, (this.writers.get(file) ?? 0) + 1);
    while (this.readers.has(file)) {
      await new Promise<void>((resolve) => this.drained.set(file, [...(this.drained.get(file) ?? []), resolve]));
    }
    return once(() => {
      const left = this.writers.get(file)! - 1;
      if (left > 0) this.writers.set(file, left);
      else this.writers.delete(file);
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
