// `npm ci` installs exactly the lock file and refuses one that is out of sync with package.json. npm records
// only the optional packages of the platform it ran on unless they are all listed, so a lock written on one
// platform can break `npm ci` on another: every optional dependency of every locked package must be locked too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

interface LockedPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(fs.readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
};

describe('package-lock.json', () => {
  it('locks every optional (per-platform) dependency of every package, so npm ci works on any platform', () => {
    assert.equal(lock.lockfileVersion, 3);
    const missing: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        // npm resolves a dependency in the nearest node_modules up the tree.
        const candidates = [`${where ? `${where}/` : ''}node_modules/${name}`, `node_modules/${name}`];
        if (!candidates.some((c) => lock.packages[c])) missing.push(`${name} (needed by ${where || 'the project'})`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
