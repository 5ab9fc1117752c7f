import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { diffMacroRevisions, isContentChange, macroContentHash } from './macro-revisions.js';
import type { MacroRevisionView } from './macros.js';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

describe('macro revisions', () => {
  it('hashes content as Go’s encoding/json writes it, HTML characters escaped', () => {
    const content = { status: 'ACTIVE', description: 'a < b & c > d\u2028', body: 'amount / 100.0', parameters: ['amount'] };
    // The exact text the platform hashes for this content.
    const goJson = '{"parameters":["amount"],"body":"amount / 100.0","description":"a \\u003c b \\u0026 c \\u003e d\\u2028","status":"ACTIVE"}';
    assert.equal(macroContentHash(content), sha256(goJson));
    assert.equal(macroContentHash({ parameters: [], body: 'x\n"y"', description: '', status: 'DEPRECATED' }), sha256('{"parameters":[],"body":"x\\n\\"y\\"","description":"","status":"DEPRECATED"}'));
  });

  it('makes a revision for a reordering of parameters, which the diff does not count as a change', () => {
    const v1 = { parameters: ['a', 'b'], body: 'a + b', description: '', status: 'ACTIVE' };
    const v2 = { ...v1, parameters: ['b', 'a'] };
    assert.equal(isContentChange(v1, v2), true);
    const view = (version: number, content: typeof v1): MacroRevisionView => ({
      id: `00000000-0000-0000-0000-00000000000${version}`,
      macro_name: 'add',
      version,
      content_hash: macroContentHash(content),
      parameters: content.parameters,
      body: content.body,
      description: content.description,
      status: 'ACTIVE',
      created_at: '2025-01-01T00:00:00.000Z',
    });
    const diff = diffMacroRevisions('add', view(1, v1), view(2, v2), { from: [], to: [] });
    assert.equal(diff.parameters_changed, false);
    assert.equal(diff.changed, false);
    assert.notEqual(diff.from_content_hash, diff.to_content_hash);
    assert.equal(diff.impact_changed, false);
    assert.ok(!('impacted_models_added' in diff));
  });
});
