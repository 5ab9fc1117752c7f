// The production install: a copy of the built tree with only `dependencies` installed (npm ci --omit=dev)
// serves, signs in and serves the web UI; and nothing the server loads, now or later, is a devDependency.
// Uses the npm registry through npm's cache (--prefer-offline): a warm cache makes it a few seconds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { childEnv, ensureBuilt, freePort, repoRoot, startBuilt } from '../helpers/built-tree.js';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const databaseUrl = process.env.DATABASE_URL || undefined;
let copy: string;

function jsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The packages a compiled module imports: static, re-exported, side-effect, dynamic with a literal, require(). */
function importedPackages(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const specifiers = patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtinModules.includes(s.split('/')[0]!))
    .map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
}

function npm(args: string[], cwd: string) {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: childEnv({}) });
}

before(() => {
  ensureBuilt();
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'runledger-production-'));
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(copy, file));
  // `prepare` runs on npm ci, --omit=dev included: it is what decides the tree needs no build.
  fs.cpSync(path.join(repoRoot, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
});

after(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

describe('production install', () => {
  it('refuses, saying what to do, to prepare a tree that has no dist/ and no build tools', () => {
    const result = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: copy, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /dist\/ is not built, and building it needs the devDependencies/);
    assert.match(result.stderr, /npm ci && npm run build/);
  });

  it('imports only dependencies and Node built-ins from anything under dist/ the server can load', () => {
    const offenders: string[] = [];
    const server = jsFilesUnder(path.join(repoRoot, 'dist')).filter((f) => !f.startsWith(path.join(repoRoot, 'dist', 'ui') + path.sep));
    assert.ok(server.length > 50, `compiled modules under dist/: ${server.length}`);
    for (const file of server) {
      for (const name of importedPackages(fs.readFileSync(file, 'utf8'))) {
        if (!(name in pkg.dependencies)) offenders.push(`${path.relative(repoRoot, file)} imports ${name}${name in pkg.devDependencies ? ' (a devDependency)' : ''}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('installs with npm ci --omit=dev on the built tree, then serves, signs in and serves the web UI', async (t) => {
    fs.cpSync(path.join(repoRoot, 'dist'), path.join(copy, 'dist'), { recursive: true });
    const install = npm(['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], copy);
    assert.equal(install.status, 0, `npm ci --omit=dev failed:\n${install.stdout}\n${install.stderr}`);
    for (const dev of ['typescript', 'vite', 'tsx']) assert.equal(fs.existsSync(path.join(copy, 'node_modules', dev)), false, `${dev} is not installed`);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runledger-production-data-'));
    const password = randomBytes(12).toString('base64url');
    const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
    const env = childEnv({
      PORT: String(await freePort()),
      RUNLEDGER_DATA_DIR: dataDir,
      RUNLEDGER_ADMIN_PASSWORD: password,
      ...(databaseUrl && schema ? { DATABASE_URL: databaseUrl, RUNLEDGER_DB_SCHEMA: schema } : {}),
    });
    const server = await startBuilt(process.execPath, ['dist/cli/main.js', 'serve'], copy, env);
    t.after(async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl && schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });

    const ready = await fetch(`${server.url}/ready`);
    assert.equal(ready.status, 200, await ready.text());
    const login = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: 'admin', password }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { username: string }).username, 'admin');
    const runs = await fetch(`${server.url}/model-runs`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(runs.status, 200, await runs.clone().text());
    const ui = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /<div id="root">/);
  });
});
