import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalType } from './contract.js';

describe('contract types', () => {
  it('name a type as DuckDB reports it, whatever alias the contract uses', () => {
    const same: [string, string][] = [
      ['int8', 'BIGINT'],
      ['INT', 'INTEGER'],
      ['text', 'VARCHAR'],
      ['varchar(20)', 'VARCHAR'],
      ['character varying(5)', 'VARCHAR'],
      ['numeric(4, 1)', 'DECIMAL(4,1)'],
      ['DECIMAL(10)', 'DECIMAL(10,0)'],
      ['numeric', 'DECIMAL(18,3)'],
      ['timestamptz', 'TIMESTAMP WITH TIME ZONE'],
      ['timestamp  with time zone', 'TIMESTAMP WITH TIME ZONE'],
      ['bool', 'BOOLEAN'],
      ['float8', 'DOUBLE'],
      ['int[]', 'INTEGER[]'],
    ];
    for (const [declared, reported] of same) assert.equal(canonicalType(declared), reported, declared);
    assert.notEqual(canonicalType('INTEGER'), canonicalType('BIGINT'));
  });
});
