// The bearer token lives in sessionStorage: it survives a reload of the tab, not the closing of it, and is
// never written to localStorage or a cookie.
const KEY = 'runledger.token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function writeToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}
