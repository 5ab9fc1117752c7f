// The HTTP client every command speaks through: the base URL and credentials of the connection, and one
// place that turns a refusal (an RFC 9457 problem), a dead server or a lost connection into a CliError.
import type { Connection } from './config.js';
import { CliError } from './errors.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A refusal the server answered, with what its problem document says. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  error_code?: string;
  errors?: { field: string; message: string }[];
  // Provena's FastAPI surfaces answer {detail: string | [{loc, msg}]}.
  [key: string]: unknown;
}

function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

function describeProblem(status: number, statusText: string, body: unknown): { message: string; problem?: Problem } {
  if (typeof body === 'object' && body !== null) {
    const problem = body as Problem;
    if (typeof problem.detail === 'string' && problem.detail) return { message: problem.detail, problem };
    if (typeof problem.title === 'string') return { message: problem.title, problem };
  }
  const text = typeof body === 'string' && body.trim() ? `: ${body.trim().slice(0, 200)}` : '';
  return { message: `the server answered ${status} ${statusText}${text}` };
}

/** Why a fetch never got an answer, in words: the usual causes have a code on the error's cause. */
function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(`cannot reach the server at ${url} (${reason}); is it running? (set it with --url or RUNLEDGER_URL)`);
}

export class ApiClient {
  constructor(readonly connection: Connection) {}

  get url(): string {
    return this.connection.url;
  }

  async fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.connection.headers, ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    try {
      return await fetch(withQuery(this.url + path, options.query), { method, headers, body, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw unreachable(this.url, error);
    }
  }

  /** The reply's JSON body, or an ApiError saying why the server refused. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.fetch(method, path, options);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (res.ok) return body as T;
    throw this.refusal(res, body);
  }

  refusal(res: Response, body: unknown): ApiError {
    const { message, problem } = describeProblem(res.status, res.statusText, body);
    const retryAfter = Number(res.headers.get('retry-after'));
    let hint = '';
    if (res.status === 401) {
      hint = this.connection.source === 'none'
        ? ' (no credentials: run `runledger login`, or set RUNLEDGER_TOKEN or RUNLEDGER_API_KEY)'
        : this.connection.source === 'config' ? ' (run `runledger login` again)' : '';
    }
    return new ApiError(message + hint, res.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, query ? { query } : {});
  }

  post<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>('POST', path, json === undefined ? {} : { json });
  }
}
