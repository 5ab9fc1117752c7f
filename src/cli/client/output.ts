// Output for people (aligned tables, key/value blocks) and for programs (--json).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Numbers read best aligned right. */
  align?: 'left' | 'right';
}

/** Display width: wide characters are rare in names, so code points are a fair measure. */
const width = (text: string) => [...text].length;

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  // A newline or tab would break the table's rows apart.
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]! + v.length - width(v)) : v.padEnd(widths[i]! + v.length - width(v))))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

export function printTable<T>(rows: readonly T[], columns: readonly Column<T>[]): void {
  process.stdout.write(`${formatTable(rows, columns)}\n`);
}

/** `key  value` lines, keys aligned; empty values left out. */
export function printFields(fields: [string, string | number | boolean | null | undefined][]): void {
  const shown = fields.filter(([, v]) => v !== undefined && v !== null && v !== '');
  const keyWidth = Math.max(...shown.map(([k]) => k.length));
  process.stdout.write(shown.map(([k, v]) => `${`${k}:`.padEnd(keyWidth + 2)}${cell(v)}`).join('\n') + '\n');
}

/** A timestamp in the reader's terms: ISO 8601 without milliseconds. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function duration(startIso: string | null | undefined, endIso: string | null | undefined): string {
  if (!startIso || !endIso) return '';
  const ms = new Date(endIso).getTime() - new Date(startIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
