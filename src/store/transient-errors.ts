// Store failures that a retry may not meet: the client is told to come back (503 with Retry-After) rather
// than that the server is broken.

// SQLSTATE classes and codes (PostgreSQL appendix A): 08 connection exception; 40001 serialization failure;
// 40P01 deadlock detected; 53300 too many connections; 57P01-57P03 the server shutting down or starting.
const TRANSIENT_CODES = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03']);

export function isTransientStoreError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && (TRANSIENT_CODES.has(e.code) || e.code.startsWith('08') || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')) {
    return true;
  }
  // node-postgres's pool gives these as plain errors without a code.
  return typeof e?.message === 'string' && /timeout exceeded when trying to connect|Connection terminated/i.test(e.message);
}
