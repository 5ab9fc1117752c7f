import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowsWithinBudget } from './pagination.js';

describe('rowsWithinBudget', () => {
  it('holds rows up to the limit and the byte budget, and at least one', () => {
    assert.equal(rowsWithinBudget([10, 10, 10, 10], 3, 100), 3);
    assert.equal(rowsWithinBudget([40, 40, 40], 3, 100), 2);
    assert.equal(rowsWithinBudget([500, 1], 3, 100), 1);
    assert.equal(rowsWithinBudget([50, 50, 1], 5, 100), 2, "exactly the budget fits");
    assert.equal(rowsWithinBudget([], 3, 100), 0);
  });
});
