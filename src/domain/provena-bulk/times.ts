// The times of Provena's CSV templates: read as Python's datetime.fromisoformat reads them, written as
// str(datetime.fromtimestamp(t).astimezone()) writes them. A time without an offset is the server's local
// time, as it is in Provena.

/**
 * YYYY-MM-DD, then optionally any one separator and HH[:MM[:SS[.f…]]] with an optional offset: the grammar of
 * Python 3.10's fromisoformat, plus what 3.11 adds that a spreadsheet writes (1 to 6 fraction digits, `Z`).
 */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[\s\S](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(?:(Z)|([+-])(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{6})?)?)?)?$/;

export const TIME_FORMAT_FAULT = 'Validation error when parsing provided time, expected format: YYYY-MM-DD HH:MM:SS+HH:MM.';

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last of this one; 2000 and 2001 stand for leap and common years.
  return new Date(Date.UTC(isLeap(year) ? 2000 : 2001, month, 0)).getUTCDate();
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Milliseconds since the epoch of a wall-clock time, in UTC or in the local zone. */
function wallClock(utc: boolean, parts: [number, number, number, number, number, number, number]): number {
  const [year, month, day, hour, minute, second, ms] = parts;
  const date = new Date(0);
  // set*FullYear, so that years below 100 are not read as 19xx.
  if (utc) {
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, ms);
  } else {
    date.setFullYear(year, month - 1, day);
    date.setHours(hour, minute, second, ms);
  }
  return date.getTime();
}

/** Unix seconds of a template time (`/` may stand for `-`), or undefined when it is not one. */
export function parseTemplateTime(text: string): number | undefined {
  const match = ISO_TIME.exec(text.replaceAll('/', '-'));
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om, os] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const parts: [number, number, number, number, number, number, number] = [year, month, day, hour, minute, second, ms];
  let epochMs: number;
  if (zulu) epochMs = wallClock(true, parts);
  else if (sign) {
    const offset = Number(oh) * 3600 + Number(om) * 60 + Number(os ?? 0);
    // Python's timezone offsets are strictly less than a day.
    if (Number(om) > 59 || Number(os ?? 0) > 59 || offset >= 86_400) return undefined;
    epochMs = wallClock(true, parts) - (sign === '-' ? -1 : 1) * offset * 1000;
  } else epochMs = wallClock(false, parts);
  // int(datetime.timestamp()) truncates towards zero.
  return Math.trunc(epochMs / 1000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `2025-01-01 10:00:00+10:00`: the time in the server's zone, with that zone's offset. */
export function formatTemplateTime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}
