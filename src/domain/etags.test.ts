import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ifMatchAllows, parseIfMatch, versionTag, versionsListed } from './etags.js';

describe('If-Match', () => {
  it('parses *, one tag and a list, keeping commas inside a tag', () => {
    assert.equal(parseIfMatch(undefined), undefined);
    assert.deepEqual(parseIfMatch(' * '), { any: true });
    assert.deepEqual(parseIfMatch('"v1"'), { any: false, tags: ['"v1"'] });
    assert.deepEqual(parseIfMatch('"v1", W/"v2" ,"a,b"'), { any: false, tags: ['"v1"', 'W/"v2"', '"a,b"'] });
    assert.deepEqual(parseIfMatch('v1'), { any: false, tags: [] });
  });

  it('compares strongly: a weak tag never matches', () => {
    assert.ok(ifMatchAllows(parseIfMatch('"x", "v3"')!, versionTag(3)));
    assert.ok(!ifMatchAllows(parseIfMatch('W/"v3"')!, versionTag(3)));
    assert.ok(ifMatchAllows(parseIfMatch('*')!, versionTag(3)));
  });

  it('lists the versions of well-formed version tags only', () => {
    assert.equal(versionsListed(parseIfMatch('*')!), undefined);
    assert.deepEqual(versionsListed(parseIfMatch('"v2", W/"v3", "v04", "v0", "x", "v12"')!), [2, 12]);
  });
});
