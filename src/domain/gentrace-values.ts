// Instants inside Gentrace step runs: ISO 8601 with an offset, compared to the microsecond.

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

/** The instant as xsd:dateTime in UTC (`Z`), as PROV-JSON documents write times; milliseconds kept. */
export function toUtcIso(text: string): string {
  const micros = parseInstant(text);
  if (micros === undefined) throw new Error(`not an ISO 8601 instant: ${text}`);
  return new Date(Math.floor(micros / 1000)).toISOString();
}
