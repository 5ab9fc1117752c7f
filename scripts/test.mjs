#!/usr/bin/env node
// Runs the test files (all of them, or those named) on compiled JavaScript.
//
// Every test file is a process of its own, and a TypeScript loader in each one costs about two seconds of CPU
// (its hooks see every module, node_modules included), over two hundred files on each store. So src/, test/,
// bench/ and ui/ are compiled once, by esbuild (each file under its nearest tsconfig.json, as the loader would
// compile it), into a copy of the repository under node_modules/.cache, and node runs that. Everything else in
// the copy (package.json, dist/, docs/, fixtures, the .ts sources themselves) is a link to the real file, so a
// path a test works out from its own location finds what it would find in the repository. Types are checked
// beforehand by `npm run typecheck`; `node --import tsx --test <file>` still runs a file from its source.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cache = path.join(root, 'node_modules', '.cache', 'runledger-test');
const COMPILED = ['src', 'test', 'bench', 'ui'];
const NOT_MIRRORED = new Set(['.git', ...COMPILED]);

/** Every file under `dir`, as paths relative to the repository. */
function filesUnder(dir) {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

function link(relative) {
  const target = path.join(mirror, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(path.join(root, relative), target);
}

// A copy of its own for each run, made afresh (a file deleted from the sources cannot linger as a test) and
// removed after, so two runs side by side do not meet.
fs.mkdirSync(cache, { recursive: true });
const mirror = fs.mkdtempSync(path.join(cache, 'tree-'));
for (const name of fs.readdirSync(root)) if (!NOT_MIRRORED.has(name)) link(name);
const sources = COMPILED.filter((dir) => fs.existsSync(path.join(root, dir))).flatMap(filesUnder);
for (const file of sources) link(file);
await build({
  entryPoints: sources.filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts')).map((file) => path.join(root, file)),
  outdir: mirror,
  outbase: root,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

const named = process.argv.slice(2);
const tests = (named.length > 0 ? named.map((file) => path.relative(root, path.resolve(file))) : sources.filter((file) => file.endsWith('.test.ts')))
  .map((file) => path.join(mirror, file.replace(/\.ts$/, '.js')))
  .sort();
const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', ...tests], { stdio: 'inherit' });
// Ctrl-C reaches the test runner too (one process group); a TERM is passed on. Either way this process waits
// for the runner to end, then removes the copy.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  fs.rmSync(mirror, { recursive: true, force: true });
  process.exit(signal ? 1 : (code ?? 1));
});
