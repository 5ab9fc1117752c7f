// Runs one autocannon load in a child process (see load-child.ts) and returns what it measured.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LatencySummary } from './stats.js';

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Request i goes to paths[i % n], with bodies[i % m] when bodies are given. */
  paths: string[];
  bodies?: string[];
  keepFailureBody?: boolean;
}

export interface LoadOutcome {
  seconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  latency: LatencySummary;
  firstFailure?: string;
}

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

export async function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  return runLoadChild(CHILD, spec);
}

/** Runs a load-generator script in its own process with `spec`, and returns the outcome it prints. */
export async function runLoadChild(script: string, spec: unknown): Promise<LoadOutcome> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-load-'));
  const specFile = path.join(dir, 'spec.json');
  try {
    await fs.writeFile(specFile, JSON.stringify(spec));
    // process.execArgv carries the TypeScript loader this script was started with.
    const child = spawn(process.execPath, [...process.execArgv, script, specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(stdout) as LoadOutcome;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Fails loudly: a benchmark that counted errors as throughput would report nonsense. */
export function assertAllOk(outcome: LoadOutcome, what: string): void {
  if (outcome.non2xx === 0 && outcome.errors === 0 && outcome.timeouts === 0) return;
  throw new Error(
    `${what}: ${outcome.non2xx} non-2xx, ${outcome.errors} errors, ${outcome.timeouts} timeouts ` +
      `(statuses ${JSON.stringify(outcome.statuses)})${outcome.firstFailure ? `; first failure: ${outcome.firstFailure}` : ''}`,
  );
}
