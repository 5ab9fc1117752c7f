// Import progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds otherwise.

const REDRAW_MS = 100;
const LINE_EVERY_MS = 5000;
const BAR_WIDTH = 24;

export interface ProgressState {
  /** Rows handled by this run of the command (rows done before a resume are not counted). */
  rows: number;
  bytesRead: number;
  totalBytes: number;
  /** Bytes before the first row this run handled: a resumed import's progress starts there. */
  startBytes: number;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

export class Progress {
  private readonly started = Date.now();
  // The first plain line comes after LINE_EVERY_MS, not at once with nothing done yet.
  private last = Date.now();
  private drawn = false;

  constructor(
    private readonly tty: boolean,
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {}

  private figures(state: ProgressState) {
    const elapsed = (Date.now() - this.started) / 1000;
    const fraction = state.totalBytes > 0 ? Math.min(1, state.bytesRead / state.totalBytes) : 1;
    const rate = elapsed > 0 ? state.rows / elapsed : 0;
    // The rate of bytes, not rows, gives the ETA: the file's size is known, its row count is not.
    const doneBytes = state.bytesRead - state.startBytes;
    const eta = doneBytes > 0 ? ((state.totalBytes - state.bytesRead) / doneBytes) * elapsed : Number.NaN;
    return { fraction, rate, eta, elapsed };
  }

  update(state: ProgressState, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < (this.tty ? REDRAW_MS : LINE_EVERY_MS)) return;
    this.last = now;
    const { fraction, rate, eta } = this.figures(state);
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    if (this.tty) {
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      this.out.write(`\r\x1b[2K${bar} ${percent}  ${count(state.rows)} rows  ${count(rate)} rec/s  ETA ${clock(eta)}`);
      this.drawn = true;
    } else {
      this.out.write(`runledger: import: ${count(state.rows)} rows (${percent.trim()}), ${count(rate)} rec/s, ETA ${clock(eta)}\n`);
    }
  }

  /** Clears the bar so the summary starts on a clean line. */
  done(): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
  }

  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
