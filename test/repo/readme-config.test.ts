// Every setting runledger reads is in the README's table of environment variables, so an operator finds it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('README configuration table', () => {
  it('lists every environment variable src/config.ts reads', () => {
    // `env.NAME`, or a name handed to a reader (`intFrom(env, 'NAME', …)`).
    const variables = [...read('src/config.ts').matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => (m[1] ?? m[2])!);
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1));
    const documented = new Set([...section.matchAll(/^\|[^|\n]*\|/gm)].flatMap((row) => [...row[0].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)));
    assert.ok(variables.length > 20, `variables found in src/config.ts: ${variables.length}`);
    assert.deepEqual([...new Set(variables)].filter((name) => !documented.has(name)).sort(), []);
  });
});
