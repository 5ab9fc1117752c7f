// PostgreSQL's wire protocol counts a statement's bind parameters in 16 bits: the server takes at most
// 65,535, and PGlite's protocol handling breaks past 32,767 (its one connection then answers every later
// query with nothing, until the process restarts). Every statement stays within the smaller of the two:
// lists of ids go as one array parameter (`= ANY($1)`), multi-row inserts are split into chunks, and the
// pools refuse anything larger before it reaches the store.

export const MAX_BIND_PARAMETERS = 32_767;

export class TooManyParametersError extends Error {
  constructor(count: number) {
    super(`statement carries ${count} bind parameters; the store accepts at most ${MAX_BIND_PARAMETERS}`);
    this.name = 'TooManyParametersError';
  }
}

export function checkParameterCount(parameters: readonly unknown[]): void {
  if (parameters.length > MAX_BIND_PARAMETERS) throw new TooManyParametersError(parameters.length);
}

/** How many parameters one row of an insert binds: its column count, taken over every row. */
export function parametersPerRow(rows: readonly object[]): number {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return Math.max(1, columns.size);
}

/** Rows in chunks small enough for one multi-row INSERT each, leaving `reserved` parameters for the rest. */
export function chunkRows<T extends object>(rows: readonly T[], reserved = 0): T[][] {
  const size = Math.max(1, Math.floor((MAX_BIND_PARAMETERS - reserved) / parametersPerRow(rows)));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
