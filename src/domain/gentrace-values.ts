// Values inside Gentrace step runs: instants that carry an offset, and JSON that PostgreSQL can store.

type Invalid = (field: string, message: string) => never;

// RFC 3339 / ISO 8601 extended format with a mandatory offset. Without one an instant is ambiguous,
// so DESIGN requires it; Python's isoformat() writes +00:00, JavaScript's toISOString() writes Z.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Microseconds since the Unix epoch of an ISO 8601 date-time with an offset, or undefined when the text is
 * not one (no offset, or a field out of range such as February 30). Microseconds, not milliseconds, because
 * Python clients send them and PostgreSQL keeps them, so ordering checks must see them too.
 */
export function parseInstant(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  // Year 0 is valid ISO 8601 but PostgreSQL has no year zero.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8]) {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0-99 to 1900-1999, so set the year separately.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  // Rounded, as PostgreSQL rounds digits beyond microseconds, so checks here agree with what it stores.
  const micros = m[7] ? Math.round(Number(`0.${m[7]}`) * 1e6) : 0;
  return (date.getTime() - offsetMinutes * 60_000) * 1000 + micros;
}

/** PostgreSQL text and jsonb reject NUL and unpaired UTF-16 surrogates; refuse them with a 400, not a 500. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper documents are refused before they can exhaust a recursive walk (here or in PostgreSQL). */
export const MAX_JSON_DEPTH = 64;

export function checkStorableText(value: string | null | undefined, field: string, invalid: Invalid): void {
  if (typeof value === 'string' && UNSTORABLE.test(value)) {
    invalid(field, 'contains a NUL character or an unpaired surrogate, which cannot be stored');
  }
}

export function checkStorableJson(value: unknown, field: string, invalid: Invalid, depth = 0): void {
  if (typeof value === 'string') return checkStorableText(value, field, invalid);
  // JSON.parse turns 1e400 into Infinity, which has no JSON form to store or hash.
  if (typeof value === 'number' && !Number.isFinite(value)) invalid(field, 'is a number too large to represent');
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_JSON_DEPTH) invalid(field, `nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkStorableJson(item, `${field}[${i}]`, invalid, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    checkStorableText(key, `${field} (a key)`, invalid);
    checkStorableJson(item, `${field}.${key}`, invalid, depth + 1);
  }
}

/** The instant as xsd:dateTime in UTC (`Z`), as PROV-JSON documents write times; milliseconds kept. */
export function toUtcIso(text: string): string {
  const micros = parseInstant(text);
  if (micros === undefined) throw new Error(`not an ISO 8601 instant: ${text}`);
  return new Date(Math.floor(micros / 1000)).toISOString();
}
