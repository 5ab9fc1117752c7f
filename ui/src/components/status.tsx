// A run's, step's or test's status as a badge: colour and text, never colour alone.
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status}</span>;
}

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function Time({ at }: { at: string | undefined | null }) {
  if (!at) return <span className="muted">—</span>;
  return <time dateTime={at}>{TIME.format(new Date(at))}</time>;
}

/** Milliseconds as a short human figure: 840 ms, 3.2 s, 4 min 10 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function Duration({ from, to }: { from: string | undefined; to: string | undefined }) {
  if (!from) return <span className="muted">—</span>;
  const end = to ? Date.parse(to) : Date.now();
  return <span>{formatDuration(end - Date.parse(from))}</span>;
}
