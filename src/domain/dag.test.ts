import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycle, selectModels, tiers } from './dag.js';

const diamond = [
  { name: 'a', depends_on: [] },
  { name: 'b', depends_on: ['a'] },
  { name: 'c', depends_on: ['a', 'external'] },
  { name: 'd', depends_on: ['b', 'c'] },
];

describe('model DAG', () => {
  it('orders a diamond in tiers, ignoring names that are not models', () => {
    assert.deepEqual(tiers(diamond), [['a'], ['b', 'c'], ['d']]);
  });

  it('names the cycle it finds', () => {
    assert.equal(findCycle(diamond), undefined);
    const cycle = findCycle([{ name: 'a', depends_on: ['d'] }, ...diamond.slice(1)]);
    assert.ok(cycle && cycle[0] === cycle.at(-1), `a closed path: ${cycle?.join(' → ')}`);
    assert.deepEqual(findCycle([{ name: 's', depends_on: ['s'] }]), ['s', 's']);
    assert.throws(() => tiers([{ name: 'x', depends_on: ['y'] }, { name: 'y', depends_on: ['x'] }]), /x → y → x/);
  });

  it('selects name, +name and name+', () => {
    assert.deepEqual([...selectModels(diamond, ['b'])], ['b']);
    assert.deepEqual([...selectModels(diamond, ['+d'])].sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual([...selectModels(diamond, ['c+'])].sort(), ['c', 'd']);
    assert.deepEqual([...selectModels(diamond, [])].sort(), ['a', 'b', 'c', 'd']);
    assert.throws(() => selectModels(diamond, ['zzz']), /zzz/);
  });
});
