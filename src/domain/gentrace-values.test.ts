import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInstant, toUtcIso } from './gentrace-values.js';
import { checkStorableJson } from './storable-json.js';

const refuse = (field: string, message: string): never => {
  throw new Error(`${field} ${message}`);
};

describe('parseInstant', () => {
  it('reads offsets, fractions and both cases of T and Z as the same instant', () => {
    const utc = parseInstant('2024-05-01T12:00:00Z');
    for (const text of ['2024-05-01T14:00:00+02:00', '2024-05-01T14:00:00+0200', '2024-05-01t07:30:00-04:30', '2024-05-01T12:00:00.000z']) {
      assert.equal(parseInstant(text), utc, text);
    }
    assert.equal(parseInstant('2024-05-01T12:00:00.000001Z')! - utc!, 1, 'microseconds count');
    assert.equal(parseInstant('2024-05-01T12:00:00.0000015Z')! - utc!, 2, 'digits beyond microseconds round, as PostgreSQL does');
    assert.equal(toUtcIso('2024-05-01T14:00:00.123456+02:00'), '2024-05-01T12:00:00.123Z');
  });

  it('refuses instants without an offset and fields out of range', () => {
    for (const text of [
      '2024-05-01T12:00:00', '2024-05-01', '2024-05-01 12:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z',
      '2024-05-01T24:00:00Z', '2024-05-01T12:60:00Z', '2024-05-01T12:00:60Z', '2024-05-01T12:00:00+24:00',
      '0000-01-01T00:00:00Z', 'yesterday', '1714564800',
    ]) {
      assert.equal(parseInstant(text), undefined, text);
    }
    assert.notEqual(parseInstant('2024-02-29T00:00:00Z'), undefined, 'a leap day');
    assert.notEqual(parseInstant('0099-12-31T23:59:59Z'), undefined, 'a two-digit year is not taken for 19xx');
    assert.equal(toUtcIso('0099-12-31T23:59:59Z'), '0099-12-31T23:59:59.000Z');
  });
});

describe('checkStorableJson', () => {
  it('names the path of a value PostgreSQL cannot store', () => {
    assert.throws(() => checkStorableJson({ a: [{ b: 'x\u0000' }] }, 'inputs', refuse), /^Error: inputs\.a\[0\]\.b contains a NUL/);
    assert.throws(() => checkStorableJson({ ['k\udc00']: 1 }, 'outputs', refuse), /outputs \(a key\) contains/);
    assert.throws(() => checkStorableJson({ n: Infinity }, 'inputs', refuse), /inputs\.n is a number too large/);
    assert.doesNotThrow(() => checkStorableJson({ emoji: '😀', nested: { list: [1, null, true] } }, 'inputs', refuse));
  });
});
