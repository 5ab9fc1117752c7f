// The UI's one way to the public API: JSON in and out, the bearer token attached, problem bodies turned
// into ApiError so pages can show the server's own words (and the field a 400 names).
import { readToken } from './session';

/** An RFC 9457 problem as runledger answers it; Provena's routes answer FastAPI's {detail} instead. */
export interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  error_code?: string;
  /** Validation faults: runledger names each `field`; other shapes name a path. */
  errors?: { field?: string; path?: string; message?: string; instancePath?: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

type Listener = (status: number) => void;
const authListeners = new Set<Listener>();
/** Told of every 401 and 403, so the shell can show the sign-in or forbidden screen. */
export function onAuthFailure(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A form body (application/x-www-form-urlencoded), as /token takes. */
  form?: Record<string, string>;
  signal?: AbortSignal;
  accept?: string;
  /** Extra request headers, e.g. If-Match. */
  headers?: Record<string, string>;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json', ...options.headers, ...authHeaders() };
  let body: BodyInit | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, signal: options.signal });
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 || res.status === 403) for (const l of authListeners) l(res.status);
    throw new ApiError(res.status, problem);
  }
  return res;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function readProblem(res: Response): Promise<Problem> {
  const text = await res.text();
  try {
    const parsed = JSON.parse(text) as Problem & { detail?: unknown };
    // FastAPI-shaped bodies (Provena routes) carry detail as a string or a list of issues.
    if (typeof parsed.detail !== 'string' && parsed.detail !== undefined) return { ...parsed, detail: JSON.stringify(parsed.detail) };
    return parsed;
  } catch {
    return { status: res.status, detail: text || res.statusText };
  }
}

/** Builds a query string from the defined members only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> {
  data: T[];
  next_page_token?: string;
}
