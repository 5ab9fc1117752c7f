// The `runledger` command as an operator runs it: a child process of its own, on a data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './built-tree.js';

// The built command, as it is installed: starting it skips compiling TypeScript on every spawn. It is rebuilt
// first when the sources changed since the last build.
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
let built = false;
function builtCli(): string {
  if (!built) ensureBuilt();
  built = true;
  return cli;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Runs `runledger <args>` on the embedded store (DATABASE_URL removed) unless `env` sets one; `input` is its stdin. */
export function runCli(args: string[], env: Record<string, string>, input?: string): CliProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [builtCli(), ...args], {
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', RUNLEDGER_LOG_LEVEL: 'info', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts `runledger serve` and resolves with its base URL once it listens. */
export async function serveCli(env: Record<string, string>): Promise<CliProcess & { url: string }> {
  const proc = runCli(['serve'], env);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.stdout());
      if (match) resolve(match[1]!);
    };
    proc.child.stdout!.on('data', onData);
    void proc.exited.then((code) => reject(new Error(`serve exited with ${code}: ${proc.stderr()}`)));
  });
  return { ...proc, url };
}

export async function stopCli(proc: CliProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  await proc.exited;
}

/**
 * Starts a `runledger worker` process on `server`'s PostgreSQL schema, with short leases so a killed one is
 * noticed quickly; resolves once it has started. The caller kills it (`workers` collects every one started).
 */
export function startWorkerProcess(
  server: { schema: string | undefined; config: { dataDir: string } },
  workers: ChildProcess[],
  pollMs: number,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [builtCli(), 'worker'], {
    env: {
      ...process.env,
      RUNLEDGER_DB_SCHEMA: server.schema,
      RUNLEDGER_DATA_DIR: server.config.dataDir,
      RUNLEDGER_LEASE_MS: '1500',
      RUNLEDGER_HEARTBEAT_MS: '200',
      RUNLEDGER_POLL_MS: String(pollMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('workers started')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}
