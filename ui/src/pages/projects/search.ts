// Reading URL search params: what the router hands over is untrusted, so each member is checked and any
// member with no value is left out (every member optional, so a plain link needs no search).

/** A keyset pager's trail of page tokens. */
export function tokenTrail(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
  const tokens = list.filter((t): t is string => typeof t === 'string' && t.length > 0);
  return tokens.length ? tokens : undefined;
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** An object with the members whose value is undefined left out. */
export function defined<T extends Record<string, unknown>>(members: T): Partial<T> {
  return Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined)) as Partial<T>;
}
