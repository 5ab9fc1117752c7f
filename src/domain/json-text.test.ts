import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findJsonTextIssue } from './json-text.js';

const limits = { maxDepth: 4, maxKeys: 3, maxValues: 20 };

describe('findJsonTextIssue', () => {
  it('passes ordinary JSON, with braces, brackets, commas and escaped quotes inside strings', () => {
    const text = JSON.stringify({ a: '{"a":1,"a":2}', b: ['x"\\', { a: 1 }, { a: 2 }], c: { d: '\\' } });
    assert.equal(findJsonTextIssue(text, limits), undefined);
    assert.equal(findJsonTextIssue('[[[["deep"]]]]', limits), undefined);
    assert.equal(findJsonTextIssue('"just a string"', limits), undefined);
    assert.equal(findJsonTextIssue('', limits), undefined);
  });

  it('names a duplicate key and where it is, however the key is escaped', () => {
    assert.deepEqual(findJsonTextIssue('{"a":1,"b":{"c":1,"c":1}}', limits), { path: 'body.b', message: 'has the key "c" more than once' });
    assert.deepEqual(findJsonTextIssue('{"x":[0,{"a":1,"\\u0061":2}]}', limits), { path: 'body.x[1]', message: 'has the key "a" more than once' });
    assert.deepEqual(findJsonTextIssue('{"a":1, "a" :2}', limits), { path: 'body', message: 'has the key "a" more than once' });
  });

  it('counts a value that looks like a key as a value', () => {
    assert.equal(findJsonTextIssue('{"a":"a","b":"a"}', limits), undefined);
  });

  it('refuses nesting past the depth limit, naming the container', () => {
    assert.deepEqual(findJsonTextIssue('{"a":[[[[1]]]]}', limits), { path: 'body.a[0][0][0]', message: 'nests deeper than 4 levels' });
  });

  it('refuses an object with more keys than the limit', () => {
    assert.deepEqual(findJsonTextIssue('{"o":{"a":1,"b":2,"c":3,"d":4}}', limits), { path: 'body.o', message: 'has more than 3 keys' });
  });

  it('refuses a body with more values than the limit, counting every member at any depth', () => {
    const values = (n: number) => JSON.stringify({ a: Array.from({ length: n }, (_, i) => i) });
    // The object, its array, and the n - 1 commas between the array's members.
    assert.equal(findJsonTextIssue(values(19), limits), undefined);
    assert.deepEqual(findJsonTextIssue(values(20), limits), { path: 'body', message: 'holds more than 20 values' });
    assert.equal(findJsonTextIssue(JSON.stringify({ a: 'x,'.repeat(100) }), limits), undefined, 'commas in strings are not values');
  });

  it('refuses 8 MB of one array of numbers before parsing it', () => {
    const text = `{"inputs":{"v":[${'1,'.repeat(3_999_999)}1]}}`;
    assert.equal(findJsonTextIssue(text)?.message, 'holds more than 250000 values');
  });

  it('stops at once on 8 MB of brackets, never building them', () => {
    const text = '['.repeat(4_000_000) + ']'.repeat(4_000_000);
    assert.equal(findJsonTextIssue(text)?.message, 'nests deeper than 64 levels');
  });

  it('does not hang on text that is not JSON', () => {
    for (const text of ['{"a', '{"a\\"', '}}]]', '{,,,"a":1', '["\\\\"']) findJsonTextIssue(text, limits);
  });
});
