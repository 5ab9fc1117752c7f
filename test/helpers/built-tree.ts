// The built tree (dist/) as an operator runs it: `node dist/cli/main.js serve`, or `npm start`, as a child
// process on a port of its own, ready once /health answers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository itself, also when this module runs from the compiled copy whose files link into it. */
export const repoRoot = path.dirname(fs.realpathSync(fileURLToPath(new URL('../../package.json', import.meta.url))));

/** Builds dist/ when the sources changed since its last build (as `npm start` does); quick when it is current. */
export function ensureBuilt(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building dist/ failed with status ${result.status}`);
}

/** A port nobody listens on now (the server is told it in PORT; a clash would show as a failed start). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The environment of a child runledger: this one's, less what would change how node or the store start. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, DATABASE_URL: _db, RUNLEDGER_DB_SCHEMA: _schema, ...inherited } = process.env;
  return { ...inherited, HOST: '127.0.0.1', RUNLEDGER_LOG_LEVEL: 'warn', ...env };
}

export interface BuiltServer {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `command args` in `cwd` (in a process group of its own, so `npm start`'s children stop with it) and
 * resolves once GET /health answers 200 on `env.PORT`.
 */
export async function startBuilt(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<BuiltServer> {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${env.PORT}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  let gone = false;
  void exited.then(() => (gone = true));
  // The deadline only bounds a start that hangs; it is not a performance check.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (gone) throw new Error(`${command} ${args.join(' ')} exited before serving:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${command} ${args.join(' ')} did not serve /health:\n${output}`);
    }
    const up = await fetch(`${url}/health`).then((res) => res.ok, () => false);
    if (up) return { url, child, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
