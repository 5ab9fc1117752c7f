import { ApiError } from '../api/client';

/** The server's own words for a failed call, with its error code when it gave one. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError ? (error.problem.detail ?? error.message) : error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? (error.problem.error_code ?? `HTTP ${error.status}`) : undefined;
  return (
    <p className="error" role="alert">
      {code && <strong>{code}: </strong>}
      {text}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
