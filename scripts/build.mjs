#!/usr/bin/env node
// Builds dist/ (the server by tsc, the web UI by Vite) and records what it was built from in a stamp.
//   node scripts/build.mjs             build now
//   node scripts/build.mjs --if-stale  build only when the sources differ from the stamp's (npm start, prepare)
// Plain JavaScript on purpose: it runs where only `dependencies` are installed (npm ci --omit=dev runs
// `prepare` too), and there it must neither need tsc nor fail a tree that ships a built dist/.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp.json');
const entry = path.join(dist, 'cli', 'main.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

/**
 * What the build reads: a change to any of them (content, not mtime: a checkout or `touch` is no change) makes
 * dist stale. Tests beside the sources are not built, so editing one does not call for a build.
 */
const INPUT_DIRS = ['src', 'ui'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
    // parentPath from Node 20.12; path before it.
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** A hash of every input's path and content, or undefined where there are no sources (a production copy). */
function sourcesFingerprint() {
  if (!fs.existsSync(path.join(root, 'src'))) return undefined;
  const files = [
    ...INPUT_DIRS.flatMap((d) => filesUnder(path.join(root, d))),
    ...INPUT_FILES.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function run(label, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit ${code}`})`))));
  });
}

async function build(fingerprint) {
  const started = Date.now();
  // A clean dist: a source file removed must not leave its compiled module behind.
  fs.rmSync(dist, { recursive: true, force: true });
  // tsc and Vite write disjoint parts of dist/ and read nothing of each other's, so they run side by side.
  await Promise.all([
    run('tsc', [tsc, '-p', 'tsconfig.build.json']).then(() =>
      fs.cpSync(path.join(root, 'src/http/otlp/proto'), path.join(dist, 'http/otlp/proto'), { recursive: true }),
    ),
    run('vite build', [vite, 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn']),
  ]);
  fs.writeFileSync(stampFile, `${JSON.stringify({ sources: fingerprint, builtAt: new Date().toISOString() })}\n`);
  console.log(`runledger: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const toolsInstalled = fs.existsSync(tsc) && fs.existsSync(vite);
const ifStale = process.argv.includes('--if-stale');
// Taken before building, so an edit made while the build runs is seen as a change next time.
const fingerprint = sourcesFingerprint();

if (ifStale) {
  const built = fs.existsSync(entry) && fs.existsSync(path.join(dist, 'ui', 'index.html'));
  if (built && (fingerprint === undefined || readStamp()?.sources === fingerprint)) process.exit(0);
  if (!toolsInstalled) {
    if (built) {
      // npm ci --omit=dev on a tree whose dist/ was built elsewhere (a container's build stage, a release).
      if (fingerprint !== undefined) console.warn('runledger: sources differ from dist/, but the build tools (devDependencies) are not installed: using dist/ as it is');
      process.exit(0);
    }
    console.error(
      'runledger: dist/ is not built, and building it needs the devDependencies (TypeScript, Vite), which are not installed.\n' +
        'Install them and build (`npm ci && npm run build`), or install production dependencies on a tree whose dist/ is already built.',
    );
    process.exit(1);
  }
} else if (!toolsInstalled) {
  console.error('runledger: building needs the devDependencies (TypeScript, Vite): run `npm ci` first.');
  process.exit(1);
}

try {
  await build(fingerprint);
} catch (err) {
  console.error(`runledger: ${err.message}`);
  process.exit(1);
}
