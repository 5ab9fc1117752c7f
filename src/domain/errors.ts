// The catalogue of every error the API can return (RFC 9457 problem types).
// Codes are stable: never rename or reuse one. docs/errors.md lists them and a test keeps both in step.

export interface ErrorDefinition {
  code: string;
  status: number;
  title: string;
}

const catalogue = new Map<string, ErrorDefinition>();

function defineError(code: string, status: number, title: string): ErrorDefinition {
  if (catalogue.has(code)) throw new Error(`error code ${code} is defined twice`);
  const definition = { code, status, title };
  catalogue.set(code, definition);
  return definition;
}

export const Errors = {
  validation: defineError('RL_VALIDATION', 400, 'Request is not valid'),
  recordInvalid: defineError('RL_RECORD_INVALID', 400, 'Model run record failed validation'),
  referenceInvalid: defineError('RL_REFERENCE_INVALID', 400, 'A referenced id does not exist or has the wrong kind'),
  badPageToken: defineError('RL_BAD_PAGE_TOKEN', 400, 'page_token is not valid'),
  depthOutOfRange: defineError('RL_DEPTH_OUT_OF_RANGE', 400, 'Lineage depth is out of range'),
  modelCycle: defineError('RL_MODEL_CYCLE', 400, 'Models would form a dependency cycle'),
  sqlInvalid: defineError('RL_SQL_INVALID', 400, 'SQL does not parse'),
  templateInvalid: defineError('RL_TEMPLATE_INVALID', 400, 'A model template does not render'),
  macroInvalid: defineError('RL_MACRO_INVALID', 400, 'DuckDB does not accept the macro'),
  queryFailed: defineError('RL_QUERY_FAILED', 400, 'The query failed in the warehouse'),
  queryTimeout: defineError('RL_QUERY_TIMEOUT', 400, 'The query ran past the time limit'),
  runNotCancellable: defineError('RL_RUN_NOT_CANCELLABLE', 400, 'Run has already finished'),
  unauthenticated: defineError('RL_UNAUTHENTICATED', 401, 'Missing or invalid credentials'),
  forbidden: defineError('RL_FORBIDDEN', 403, 'Not allowed for this role'),
  notFound: defineError('RL_NOT_FOUND', 404, 'Resource not found'),
  routeNotFound: defineError('RL_ROUTE_NOT_FOUND', 404, 'No such route'),
  methodNotAllowed: defineError('RL_METHOD_NOT_ALLOWED', 405, 'Method not allowed on this route'),
  conflict: defineError('RL_CONFLICT', 409, 'Conflicts with the current state'),
  warehouseBusy: defineError('RL_WAREHOUSE_BUSY', 409, 'A run holds the project warehouse'),
  preconditionFailed: defineError('RL_PRECONDITION_FAILED', 412, 'The resource has changed since the given ETag'),
  bodyTooLarge: defineError('RL_BODY_TOO_LARGE', 413, 'Request body is too large'),
  pathParamTooLong: defineError('RL_PATH_PARAM_TOO_LONG', 414, 'A path parameter is too long'),
  unsupportedMediaType: defineError('RL_UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported content type'),
  rateLimited: defineError('RL_RATE_LIMITED', 429, 'Too many requests'),
  loginThrottled: defineError('RL_LOGIN_THROTTLED', 429, 'Too many failed logins'),
  internal: defineError('RL_INTERNAL', 500, 'Internal server error'),
  notReady: defineError('RL_NOT_READY', 503, 'A component the service needs is unavailable'),
} as const;

export function listErrorDefinitions(): ErrorDefinition[] {
  return [...catalogue.values()];
}

/**
 * A failure the client can act on; `detail` names the field or id at fault. `retryAfterSeconds`, when set,
 * says when the same request may succeed (sent as Retry-After, RFC 9110 §10.2.3).
 */
export class AppError extends Error {
  constructor(
    readonly definition: ErrorDefinition,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export function fail(definition: ErrorDefinition, detail: string, extra?: Record<string, unknown>): never {
  throw new AppError(definition, detail, extra);
}
