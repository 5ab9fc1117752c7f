// The only module that reads process.env: everything else receives a Config.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Config {
  host: string;
  port: number;
  /** PostgreSQL connection string; undefined selects the embedded PGlite store. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  /** Requests per minute per credential (per IP when anonymous); 0 disables the limit. */
  rateLimit: number;
  /** Redis shared by every server process, so a rate limit holds across them; unset → per process. */
  redisUrl: string | undefined;
  /** Key prefix in Redis, for several deployments (or test runs) on one Redis. */
  rateLimitNamespace: string;
  bodyLimit: number;
  logLevel: LogLevel;
  tokenTtlSeconds: number;
  /** Key that signs and checks our tokens; unset → a random key kept in the store. */
  jwtSecret: string | undefined;
  /** Failed logins allowed per username and per client IP within a window before /token refuses; 0 disables. */
  loginLimits: { perUsername: number; perIp: number; windowSeconds: number };
  lineageNodeCap: number;
  /** PostgreSQL schema to keep runledger's tables in (default: the connection's search_path). */
  databaseSchema: string | undefined;
  /** Run a worker inside `serve` (always true on the embedded store, which one process owns). */
  inProcessWorker: boolean;
  worker: { leaseMs: number; heartbeatMs: number; pollMs: number };
  /** DuckDB memory_limit of a warehouse session, e.g. "256MB": bounds the worker's memory. */
  warehouseMemory: string;
  /** Largest project file an upload may write, bytes (a stream, so apart from the body limit). */
  uploadLimit: number;
  /**
   * Read-only queries (POST /v1/query, freshness): most rows a reply holds, and how long a statement may run.
   * A run about to start waits up to that long for queries in hand, before its first lease renewal.
   */
  query: { rowLimit: number; timeoutMs: number };
  oidc: { issuer: string; audience: string | undefined; rolesClaim: string } | undefined;
  /** The built web UI (index.html and assets/), served at `/`. */
  uiDir: string;
  /** How often each server process looks for changed runs to push to /events subscribers. */
  eventsPollMs: number;
  /** How long a stopping process waits for requests and runs in hand before it interrupts them. */
  shutdownTimeoutMs: number;
  /**
   * A second listener serving only GET /metrics, without credentials: `servePort` for `serve`, `workerPort`
   * for `worker` (undefined: none; 0: any free port). On the API's own port /metrics needs an admin.
   */
  metrics: { host: string; servePort: number | undefined; workerPort: number | undefined };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting that cannot be used as given: the process reports it in one line and stops. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be ${min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`}, got "${raw}"`);
  }
  return value;
}

function portFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  if (env[name] === undefined || env[name] === '') return undefined;
  const port = intFrom(env, name, 0);
  if (port > 65_535) throw new ConfigError(`${name} must be a port number (0 to 65535), got "${env[name]}"`);
  return port;
}

function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.RUNLEDGER_LOG_LEVEL || 'info';
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (!level) throw new ConfigError(`RUNLEDGER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

/** At least 32 bytes: HS256 is as strong as its key, and shorter keys can be guessed offline from one token. */
const MIN_JWT_SECRET_LENGTH = 32;

function jwtSecretFrom(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.RUNLEDGER_JWT_SECRET_FILE;
  let secret = env.RUNLEDGER_JWT_SECRET || undefined;
  if (file) {
    try {
      secret = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`RUNLEDGER_JWT_SECRET_FILE cannot be read: ${(err as Error).message}`);
    }
  }
  if (secret !== undefined && secret.length < MIN_JWT_SECRET_LENGTH) {
    const from = file ? `the file RUNLEDGER_JWT_SECRET_FILE names` : 'RUNLEDGER_JWT_SECRET';
    throw new ConfigError(`the token signing key in ${from} must be at least ${MIN_JWT_SECRET_LENGTH} characters`);
  }
  return secret;
}

/** The folder holding package.json, found from this module whether it runs from src/ or dist/. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const issuer = env.OIDC_ISSUER;
  return {
    host: env.HOST ?? '0.0.0.0',
    port: intFrom(env, 'PORT', 8080),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.RUNLEDGER_DATA_DIR ?? './.runledger'),
    adminPassword: env.RUNLEDGER_ADMIN_PASSWORD || undefined,
    rateLimit: intFrom(env, 'RUNLEDGER_RATE_LIMIT', 60_000),
    redisUrl: env.RUNLEDGER_REDIS_URL || undefined,
    rateLimitNamespace: env.RUNLEDGER_RATE_LIMIT_NAMESPACE ?? 'runledger-rate-limit:',
    bodyLimit: intFrom(env, 'RUNLEDGER_BODY_LIMIT', 8 * 1024 * 1024),
    logLevel: logLevelFrom(env),
    tokenTtlSeconds: intFrom(env, 'RUNLEDGER_TOKEN_TTL', 3600),
    jwtSecret: jwtSecretFrom(env),
    loginLimits: {
      perUsername: intFrom(env, 'RUNLEDGER_LOGIN_FAILURES', 10),
      perIp: intFrom(env, 'RUNLEDGER_LOGIN_FAILURES_PER_IP', 100),
      windowSeconds: intFrom(env, 'RUNLEDGER_LOGIN_WINDOW_SECONDS', 900),
    },
    lineageNodeCap: intFrom(env, 'RUNLEDGER_LINEAGE_NODE_CAP', 2000),
    databaseSchema: env.RUNLEDGER_DB_SCHEMA || undefined,
    inProcessWorker: !env.DATABASE_URL || env.RUNLEDGER_IN_PROCESS_WORKER !== 'false',
    worker: {
      leaseMs: intFrom(env, 'RUNLEDGER_LEASE_MS', 30_000),
      heartbeatMs: intFrom(env, 'RUNLEDGER_HEARTBEAT_MS', 250),
      pollMs: intFrom(env, 'RUNLEDGER_POLL_MS', 250),
    },
    warehouseMemory: env.RUNLEDGER_WAREHOUSE_MEMORY ?? '256MB',
    uploadLimit: intFrom(env, 'RUNLEDGER_UPLOAD_LIMIT', 1024 * 1024 * 1024),
    query: {
      rowLimit: intFrom(env, 'RUNLEDGER_QUERY_ROW_LIMIT', 10_000, 1),
      timeoutMs: intFrom(env, 'RUNLEDGER_QUERY_TIMEOUT_MS', 10_000, 1),
    },
    uiDir: path.resolve(env.RUNLEDGER_UI_DIR ?? path.join(packageRoot(), 'dist', 'ui')),
    eventsPollMs: intFrom(env, 'RUNLEDGER_EVENTS_POLL_MS', 1000, 50),
    shutdownTimeoutMs: intFrom(env, 'RUNLEDGER_SHUTDOWN_TIMEOUT_MS', 10_000),
    metrics: {
      host: env.RUNLEDGER_METRICS_HOST || (env.HOST ?? '0.0.0.0'),
      servePort: portFrom(env, 'RUNLEDGER_METRICS_PORT'),
      workerPort: portFrom(env, 'RUNLEDGER_WORKER_METRICS_PORT'),
    },
    oidc: issuer
      ? {
          issuer,
          audience: env.OIDC_AUDIENCE || undefined,
          rolesClaim: env.OIDC_ROLES_CLAIM ?? 'realm_access.roles',
        }
      : undefined,
  };
}
