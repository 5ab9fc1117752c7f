// DuckDB values as JSON a client reads without loss: DuckDB's own JSON converter, with integers as numbers
// while a double holds them exactly and ISO 8601 instead of DuckDB's own date-time text.
import {
  DuckDBDecimalType,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';

/** A double holds every integer up to 2^53 and 15 significant decimal digits exactly. */
const SAFE_INTEGER = BigInt(Number.MAX_SAFE_INTEGER);
const EXACT_DECIMAL_DIGITS = 15;

const WIDE_INTEGERS = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);
const TIMESTAMPS = new Set([DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS]);

/** "2025-01-15 10:00:00.5" as "2025-01-15T10:00:00.5"; infinities and BC dates, which ISO cannot say, as DuckDB writes them. */
function isoDateTime(text: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? text.replace(' ', 'T') : text;
}

/**
 * BIGINT and wider: a number within ±2^53, a string beyond. DECIMAL: a number up to 15 digits wide, a string
 * wider (by type, so a column is all one or the other). TIMESTAMP: ISO 8601 without offset; TIMESTAMPTZ: ISO
 * 8601 in UTC with `Z`. Everything else (DATE and TIME already ISO, lists, structs…) as DuckDB converts it.
 */
export const toJsonValue: DuckDBValueConverter<Json> = (value, type, self) => {
  if (value === null) return null;
  if (typeof value === 'bigint' && WIDE_INTEGERS.has(type.typeId)) {
    return value <= SAFE_INTEGER && value >= -SAFE_INTEGER ? Number(value) : value.toString();
  }
  if (type instanceof DuckDBDecimalType) return type.width <= EXACT_DECIMAL_DIGITS ? Number(String(value)) : String(value);
  if (TIMESTAMPS.has(type.typeId)) return isoDateTime(String(value));
  if (value instanceof DuckDBTimestampTZValue) {
    // Its own text is in this process's time zone; the same instant as a plain timestamp reads in UTC.
    const utc = new DuckDBTimestampValue(value.micros).toString();
    const iso = isoDateTime(utc);
    return iso === utc ? utc : `${iso}Z`;
  }
  return JsonDuckDBValueConverter(value, type, self);
};
