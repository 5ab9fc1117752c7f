// Starts the real server on a free port with a fresh store: in-memory PGlite, or a new PostgreSQL
// schema when DATABASE_URL is set. Tests speak HTTP to it with fetch.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import type { Racepoints } from '../../src/services/context.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { migratedTemplate } from './embedded-template.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Caller = 'admin' | 'writer' | 'reader' | 'anonymous';

export interface TestServer extends RunningServer {
  config: Config;
  /** The PostgreSQL schema this server's store lives in (undefined on the embedded store). */
  schema: string | undefined;
  adminPassword: string;
  /** Authorization headers of an admin (token), a writer and a reader (API keys). */
  credentials: Record<Exclude<Caller, 'anonymous'>, Record<string, string>>;
  /** As admin, unless `headers` carries its own credentials. */
  request<T = any>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  requestAs<T = any>(caller: Caller, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
}

export interface TestServerOptions {
  racepoints?: Racepoints;
  env?: Record<string, string>;
}

async function firstChunk(res: Response, abort: AbortController): Promise<string> {
  const { value } = await res.body!.getReader().read();
  abort.abort();
  return new TextDecoder().decode(value);
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-test-'));
  const adminPassword = randomBytes(12).toString('base64url');
  const config = loadConfig({
    ...process.env,
    RUNLEDGER_ADMIN_PASSWORD: adminPassword,
    HOST: '127.0.0.1',
    PORT: '0',
    RUNLEDGER_DATA_DIR: dataDir,
    RUNLEDGER_LOG_LEVEL: 'warn',
    ...options.env,
  });
  const schema = config.databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const server = await startServer(config, {
    logger: false,
    ...(options.racepoints ? { racepoints: options.racepoints } : {}),
    store: config.databaseUrl ? { schema, poolSize: 8 } : { embeddedDir: 'memory://', embeddedInitialData: await migratedTemplate() },
  });

  async function send<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const abort = new AbortController();
    const res = await fetch(server.url + url, { ...init, signal: abort.signal });
    // An event stream never ends: its first chunk stands for its body.
    const text = /^text\/event-stream/.test(res.headers.get('content-type') ?? '') ? await firstChunk(res, abort) : await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  const login = await send<{ access_token: string }>('POST', '/token', `grant_type=password&username=admin&password=${adminPassword}`, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  if (login.status !== 200) throw new Error(`test admin could not log in: ${JSON.stringify(login.body)}`);
  const admin = { authorization: `Bearer ${login.body.access_token}` };
  const keyFor = async (role: string) => {
    const res = await send<{ key: string }>('POST', '/api-keys', { name: `test ${role}`, role }, admin);
    return { 'x-api-key': res.body.key };
  };
  const credentials = { admin, writer: await keyFor('writer'), reader: await keyFor('reader') };
  const requestAs = <T>(caller: Caller, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    send<T>(method, url, body, { ...(caller === 'anonymous' ? {} : credentials[caller]), ...headers });
  const hasCredentials = (headers: Record<string, string>) =>
    Object.keys(headers).some((h) => ['authorization', 'x-api-key'].includes(h.toLowerCase()));

  return {
    ...server,
    config,
    schema,
    adminPassword,
    credentials,
    requestAs,
    request: <T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      hasCredentials(headers) ? send<T>(method, url, body, headers) : requestAs<T>('admin', method, url, body, headers),
    close: async () => {
      await server.close();
      if (config.databaseUrl && schema) {
        const client = new pg.Client({ connectionString: config.databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
