import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycle, selectModels, selectsModifiedState, tiers } from './dag.js';

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

  it('selects as the Data Platform: names, graph operators, tags, projects, state and unions', () => {
    const models = [
      { name: 'shop.a', project: 'shop', model: 'a', tags: ['raw'], depends_on: ['source:raw.orders'] },
      { name: 'shop.b', project: 'shop', model: 'b', tags: ['finance'], depends_on: ['shop.a'] },
      { name: 'shop.c', project: 'shop', model: 'c', tags: ['finance', 'daily'], depends_on: ['shop.a', 'other.x'] },
      { name: 'shop.d', project: 'shop', model: 'd', tags: [], depends_on: ['shop.b', 'shop.c'] },
    ];
    const select = (selectors: string[] | undefined, modified?: Set<string>) => [...selectModels(models, selectors, modified)].sort();
    assert.deepEqual(select(['b']), ['shop.b']);
    assert.deepEqual(select(['shop.b']), ['shop.b'], 'qualified as the platform names models');
    assert.deepEqual(select(['+d']), ['shop.a', 'shop.b', 'shop.c', 'shop.d']);
    assert.deepEqual(select(['c+']), ['shop.c', 'shop.d']);
    assert.deepEqual(select(['+b+']), ['shop.a', 'shop.b', 'shop.d']);
    assert.deepEqual(select(['tag:finance']), ['shop.b', 'shop.c']);
    assert.deepEqual(select(['tag:none']), []);
    assert.deepEqual(select(['project:shop']), ['shop.a', 'shop.b', 'shop.c', 'shop.d']);
    assert.deepEqual(select(['project:other']), []);
    assert.deepEqual(select(['*']), ['shop.a', 'shop.b', 'shop.c', 'shop.d']);
    assert.deepEqual(select([]), ['shop.a', 'shop.b', 'shop.c', 'shop.d']);
    assert.deepEqual(select(undefined), ['shop.a', 'shop.b', 'shop.c', 'shop.d']);
    assert.deepEqual(select(['state:modified'], new Set(['shop.c', 'gone.z'])), ['shop.c'], 'only models that exist');
    assert.deepEqual(select(['a, tag:daily', 'd']), ['shop.a', 'shop.c', 'shop.d'], 'entries are comma-separated unions, joined');
    assert.throws(() => select(['zzz']), /model "zzz" not found/);
    assert.throws(() => select(['other.x']), /model "other.x" not found/);
    assert.ok(selectsModifiedState(['a', 'b, state:modified']));
    assert.ok(!selectsModifiedState(['a', 'state:modifiedx']));
  });
});
