// What freshness reads from a warehouse: a relation's columns, and the newest instant in one of them.
import { quoteIdent, sqlString } from './sql-quote.js';
import type { ReadOnlySession } from './warehouse.js';

export interface Column {
  name: string;
  type: string;
}

/** A file of the project's files folder as a relation: DuckDB picks the reader by its extension. */
export function fileRelation(filesDir: string, relative: string): string {
  return sqlString(`${filesDir}/${relative}`);
}

/** The columns of `relation` (SQL text: a table reference or a quoted file path); fails when it does not resolve. */
export async function relationColumns(session: ReadOnlySession, relation: string): Promise<Column[]> {
  const { rows } = await session.query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation})`);
  return rows.map(([name, type]) => ({ name: String(name), type: String(type) }));
}

export const isInstantType = (type: string) => /^(DATE|TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP WITH TIME ZONE)$/.test(type);

/** The newest value of a DATE or TIMESTAMP column as an instant (one without a zone read as UTC); none when empty. */
export async function latestInstant(session: ReadOnlySession, relation: string, column: Column): Promise<Date | undefined> {
  const name = quoteIdent(column.name);
  // epoch_ms of a zoned value is its instant; a plain TIMESTAMP counts from the epoch as if in UTC.
  const newest = column.type === 'TIMESTAMP WITH TIME ZONE' ? `max(${name})` : `max(${name}::TIMESTAMP)`;
  const { rows } = await session.query(`SELECT epoch_ms(${newest}) FROM ${relation}`);
  const ms = rows[0]?.[0];
  return typeof ms === 'number' ? new Date(ms) : undefined;
}
