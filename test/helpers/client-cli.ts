// The `runledger` client commands as a user runs them: a child process with its own config file, speaking
// HTTP to a test server.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliProcess } from './cli.js';
import type { TestServer } from './server.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ClientCli {
  /** A directory of its own: the config file and anything a test writes. */
  dir: string;
  configFile: string;
  /** The environment every run gets: the server's URL, the config file, and an admin token unless `signedOut`. */
  env: Record<string, string>;
  start(args: string[], options?: { input?: string; env?: Record<string, string> }): CliProcess;
  run(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliResult>;
  close(): Promise<void>;
}

export async function clientCli(server: TestServer, options: { signedOut?: boolean } = {}): Promise<ClientCli> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-cli-'));
  const configFile = path.join(dir, 'config', 'runledger', 'config.json');
  const token = server.credentials.admin.authorization!.replace(/^Bearer /, '');
  const env: Record<string, string> = {
    RUNLEDGER_CONFIG: configFile,
    RUNLEDGER_URL: server.url,
    ...(options.signedOut ? {} : { RUNLEDGER_TOKEN: token }),
  };
  // Nothing of the test's own environment may stand in for what a test means to give.
  const cleared = { RUNLEDGER_TOKEN: '', RUNLEDGER_API_KEY: '', XDG_CONFIG_HOME: path.join(dir, 'xdg') };
  const start = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    runCli(args, { ...cleared, ...env, ...opts.env }, opts.input);
  return {
    dir,
    configFile,
    env,
    start,
    run: async (args, opts) => {
      const proc = start(args, opts);
      const code = await proc.exited;
      return { code, stdout: proc.stdout(), stderr: proc.stderr() };
    },
    close: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
