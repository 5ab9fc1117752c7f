import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { depthOf } from './free-form.js';

describe('depthOf', () => {
  it('counts levels of objects and arrays', () => {
    assert.equal(depthOf('text'), 0);
    assert.equal(depthOf(null), 0);
    assert.equal(depthOf({}), 1);
    assert.equal(depthOf({ a: [1] }), 2);
    assert.equal(depthOf({ a: 1, b: { c: [{}] }, d: [] }), 4);
  });

  it('stops counting past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1000; i++) deep = [deep];
    assert.equal(depthOf(deep, 5), 6);
    assert.equal(depthOf({ a: { b: 1 } }, 5), 2);
  });
});
