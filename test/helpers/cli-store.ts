// A store for `runledger` child processes: the embedded one in a fresh data directory, or, when DATABASE_URL
// is set, a fresh PostgreSQL schema beside it. Several processes started one after the other share it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { CliProcess } from './cli.js';

export interface CliStore {
  dataDir: string;
  /** The environment that points a process at this store. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

export async function cliStore(): Promise<CliStore> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-cli-'));
  const url = process.env.DATABASE_URL;
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined;
  return {
    dataDir,
    env: { RUNLEDGER_DATA_DIR: dataDir, ...(url && schema ? { DATABASE_URL: url, RUNLEDGER_DB_SCHEMA: schema } : {}) },
    async remove() {
      if (url && schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type LogLine = Record<string, any> & { level: number; time: string; msg: string };

/** Every line the process wrote to stdout, each parsed as the JSON log line it must be. */
export function logLines(proc: CliProcess): LogLine[] {
  return proc
    .stdout()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

/** A bearer token for `admin` from a served process. */
export async function adminToken(url: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=password&username=admin&password=${encodeURIComponent(password)}`,
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`admin could not log in: ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${body.access_token}` };
}
