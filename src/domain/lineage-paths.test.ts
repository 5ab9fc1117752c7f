import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { distancesFrom, pathUnion, type Hop } from './lineage-paths.js';

// Upstream hops (from = source, to = target) of the edges given as "a>b".
const hops = (...edges: string[]): Hop[] =>
  edges.map((e) => {
    const [from, to] = e.split('>') as [string, string];
    return { from, to, edge: { source: from, target: to, relation: 'used' } };
  });
const pairs = (kept: ReturnType<typeof pathUnion>) => kept.map((k) => `${k.edge.source}>${k.edge.target}`).sort();

describe('pathUnion', () => {
  const chain = hops('s>a', 'a>b', 'b>t', 's>x', 'x>y');

  test('without an end predicate every edge within the depth qualifies', () => {
    assert.deepEqual(pairs(pathUnion('s', chain, 2)), ['a>b', 's>a', 's>x', 'x>y']);
  });

  test('keeps only edges on a walk that ends at a wanted node within the depth', () => {
    const isT = (id: string) => id === 't';
    assert.deepEqual(pairs(pathUnion('s', chain, 3, isT)), ['a>b', 'b>t', 's>a']);
    assert.deepEqual(pathUnion('s', chain, 2, isT), [], 't is three hops away');
  });

  test('ranks each edge by the hops to its far end', () => {
    const ranks = Object.fromEntries(pathUnion('s', chain, 3, (id) => id === 't').map((k) => [k.edge.target, k.rank]));
    assert.deepEqual(ranks, { a: 1, b: 2, t: 3 });
  });

  test('a diamond contributes both branches once, with no path enumeration', () => {
    // 2^20 paths from s to t through twenty diamonds; the union is the 80 edges.
    const edges: string[] = [];
    for (let i = 0; i < 20; i++) edges.push(`n${i}>l${i}`, `n${i}>r${i}`, `l${i}>n${i + 1}`, `r${i}>n${i + 1}`);
    const kept = pathUnion('n0', hops(...edges), 40, (id) => id === 'n20');
    assert.equal(kept.length, 80);
  });

  test('cycles terminate', () => {
    const cyclic = hops('s>a', 'a>s', 'a>t');
    assert.deepEqual(pairs(pathUnion('s', cyclic, 4, (id) => id === 't')), ['a>s', 'a>t', 's>a']);
    assert.deepEqual([...distancesFrom('s', cyclic, 10).entries()].sort(), [['a', 1], ['s', 0], ['t', 2]]);
  });
});
