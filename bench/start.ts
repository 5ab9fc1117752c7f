// npm run bench:start — time from `npm start` to the first 200 on /health, on a built tree (dist/ current), on
// the embedded store: with a data directory used before, and with a fresh one (the store is created, migrated
// and the admin made). Against its floor, `node dist/cli/main.js serve` without npm; and the check that
// decides there is nothing to build, alone. Once, for scale: the full build `npm start` used to run every time.
// Env: BENCH_START_SAMPLES (7), BENCH_START_BUILD (1; 0 skips timing the full build).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childEnv, ensureBuilt, freePort, repoRoot, startBuilt } from '../test/helpers/built-tree.js';
import { envInt, fmt, loadAverageNote } from './lib/stats.js';

const SAMPLES = envInt('BENCH_START_SAMPLES', 7);
const TIME_BUILD = process.env.BENCH_START_BUILD !== '0';
// One password throughout, as an operator's: a changed one would add a warning (and a hash check) to each start.
const PASSWORD = randomBytes(12).toString('base64url');

interface Figures {
  median: number;
  min: number;
  max: number;
}

function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

const show = (f: Figures) => `**${fmt(f.median / 1000, 2)} s** (${fmt(f.min / 1000, 2)}–${fmt(f.max / 1000, 2)})`;

const TICKS_PER_SECOND = 100; // USER_HZ, as /proc reports CPU time on Linux

/**
 * CPU time (user + system) the processes of a process group have used so far, from /proc: on a machine
 * others share, wall time measures the queue for the CPU as much as the start, and CPU time does not.
 * Processes of the group that already exited (npm's prestart) are not counted; undefined off Linux.
 */
function groupCpuMs(pgid: number): number | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = (() => {
      try {
        return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        return undefined;
      }
    })();
    // Fields after the command name (which may hold spaces), from the 3rd: state, ppid, pgrp, … utime (14th), stime (15th).
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields && Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

interface Start {
  wallMs: number;
  cpuMs: number | undefined;
}

/** From spawning `command` to /health answering 200: wall time, and the CPU time its processes used; then stops it. */
async function timeToHealth(command: string, args: string[], dataDir: string): Promise<Start> {
  const env = childEnv({ PORT: String(await freePort()), RUNLEDGER_DATA_DIR: dataDir, RUNLEDGER_ADMIN_PASSWORD: PASSWORD });
  const started = performance.now();
  const server = await startBuilt(command, args, repoRoot, env);
  const wallMs = performance.now() - started;
  const cpuMs = groupCpuMs(server.child.pid!);
  await server.stop();
  return { wallMs, cpuMs };
}

interface Sampled {
  wall: Figures;
  cpu: Figures | undefined;
}

async function sample(label: string, run: () => Promise<Start>): Promise<Sampled> {
  const starts: Start[] = [];
  for (let i = 0; i < SAMPLES; i++) starts.push(await run());
  const cpus = starts.map((s) => s.cpuMs).filter((ms): ms is number => ms !== undefined);
  const result = { wall: figures(starts.map((s) => s.wallMs)), cpu: cpus.length === starts.length ? figures(cpus) : undefined };
  console.log(`${label}: ${show(result.wall)} wall, ${result.cpu ? show(result.cpu) : '-'} CPU`);
  return result;
}

const row = (label: string, s: Sampled) => `| ${label} | ${show(s.wall)} | ${s.cpu ? show(s.cpu) : '-'} |`;

function timeSync(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  return performance.now() - started;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'runledger-bench-start-'));
try {
  console.log(`bench:start — ${SAMPLES} samples each, embedded store, ${await loadAverageNote()}`);
  let buildMs: number | undefined;
  if (TIME_BUILD) {
    buildMs = timeSync(process.execPath, ['scripts/build.mjs']);
    console.log(`full build (what every npm start ran before): ${fmt(buildMs / 1000, 1)} s`);
  } else {
    ensureBuilt();
  }
  const checks: number[] = [];
  for (let i = 0; i < SAMPLES; i++) checks.push(timeSync(process.execPath, ['scripts/build.mjs', '--if-stale']));
  const check = figures(checks);
  console.log(`staleness check alone (node scripts/build.mjs --if-stale, nothing to build): ${show(check)}`);

  const used = path.join(scratch, 'used');
  await timeToHealth('npm', ['start'], used); // creates the store; not counted
  const npmUsed = await sample('npm start → /health, data directory used before', () => timeToHealth('npm', ['start'], used));
  let fresh = 0;
  const npmFresh = await sample('npm start → /health, fresh data directory', () => timeToHealth('npm', ['start'], path.join(scratch, `fresh-${fresh++}`)));
  const nodeUsed = await sample('node dist/cli/main.js serve → /health, data directory used before', () =>
    timeToHealth(process.execPath, ['dist/cli/main.js', 'serve'], used),
  );

  console.log(`\n| start | to first /health: wall time, median of ${SAMPLES} (min–max) | CPU time of its processes |`);
  console.log('|---|---|---|');
  console.log(row('`npm start`, data directory used before', npmUsed));
  console.log(row('`npm start`, fresh data directory', npmFresh));
  console.log(row('floor: `node dist/cli/main.js serve`, data directory used before', nodeUsed));
  console.log(`| of which: the staleness check (\`scripts/build.mjs --if-stale\`) | ${show(check)} | |`);
  if (buildMs !== undefined) console.log(`| before: the full build every \`npm start\` ran first | ${fmt(buildMs / 1000, 1)} s, once | |`);
  console.log(`\n${await loadAverageNote()}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
