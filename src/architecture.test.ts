// Imports point one way: domain ← prov ← store ← engine ← services ← runs ← observability ← http, cli. The web UI (ui/) is a
// client of the API: it may read the server's wire types (type-only imports, nothing bundled) and nothing else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const LAYERS = ['domain', 'prov', 'store', 'engine', 'services', 'runs', 'observability', 'http', 'cli'];
const root = path.dirname(fileURLToPath(import.meta.url));

const uiRoot = path.join(root, '..', 'ui', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const layerOf = (file: string) => path.relative(root, file).split(path.sep)[0]!;

describe('architecture', () => {
  it('has no import against the layer order, and nothing imports http or cli', () => {
    const violations: string[] = [];
    for (const file of sources(root)) {
      const from = LAYERS.indexOf(layerOf(file));
      if (from === -1) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g)) {
        const to = LAYERS.indexOf(layerOf(path.resolve(path.dirname(file), spec!)));
        if (to > from || (to >= LAYERS.indexOf('http') && to !== from)) violations.push(`${path.relative(root, file)} → ${spec}`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it('lets the UI take only types from the server, and the server nothing from the UI', () => {
    const violations: string[] = [];
    for (const file of sources(uiRoot)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [statement, spec] of text.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gms)) {
        if (!path.resolve(path.dirname(file), spec!).startsWith(uiRoot)) violations.push(`${path.relative(uiRoot, file)}: ${statement.split('\n')[0]}`);
      }
    }
    for (const file of sources(root)) {
      if (/from '(\.\.\/)+ui\//.test(fs.readFileSync(file, 'utf8'))) violations.push(path.relative(root, file));
    }
    assert.deepEqual(violations, []);
  });

  it('keeps domain free of I/O', () => {
    for (const file of sources(path.join(root, 'domain')).filter((f) => !f.endsWith('.test.ts'))) {
      const text = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from '(pg|kysely|fastify|@duckdb\/node-api|node:fs|node:http)'/, file);
      assert.doesNotMatch(text, /process\.env|new Date\(\)|Date\.now\(\)/, `${file} takes time and config as arguments`);
    }
  });
});
