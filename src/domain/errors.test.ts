import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { listErrorDefinitions } from './errors.js';

describe('error catalogue', () => {
  it('matches the table in docs/errors.md, code by code', () => {
    const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `(RL_[A-Z_]+)` \| (\d{3}) \| (.+?) \|$/gm)].map(([, code, status, title]) => ({
      code,
      status: Number(status),
      title,
    }));
    assert.deepEqual(documented, listErrorDefinitions());
  });

});
