import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from './errors.js';
import { applyFileConfig, readFileConfig } from './model-file-config.js';

describe('config() inside model SQL', () => {
  it('wins over the request, adds its tags, and leaves other dbt keys alone', () => {
    const file = readFileConfig({ materialized: 'table', tags: 'nightly', unique_key: 'id', schema: 'ignored' }, 'p.m');
    assert.deepEqual(file, { materialization: 'TABLE', tags: ['nightly'], config: { unique_key: ['id'] } });
    const fields = applyFileConfig({ materialization: 'VIEW', tags: ['core', 'nightly'], config: { incremental_strategy: 'merge', unique_key: ['k'] } }, file);
    assert.deepEqual(fields, { materialization: 'TABLE', tags: ['core', 'nightly'], config: { incremental_strategy: 'merge', unique_key: ['id'] } });
  });

  it('keeps the request’s fields when the file sets nothing, and an empty config is none', () => {
    const fields = { materialization: 'VIEW' as const, tags: ['a'], config: undefined };
    assert.deepEqual(applyFileConfig(fields, readFileConfig({}, 'p.m')), fields);
  });

  it('refuses a value it cannot use, naming the model and key', () => {
    const refused = (set: Record<string, unknown>, pattern: RegExp) =>
      assert.throws(() => readFileConfig(set, 'p.m'), (err: AppError) => err.definition.code === 'RL_VALIDATION' && pattern.test(err.detail));
    refused({ materialized: 'seed' }, /^model p\.m: config\(materialized="seed"\) must be one of: view, table, incremental, ephemeral$/);
    refused({ materialized: 3 }, /materialized=3/);
    refused({ tags: [1] }, /config\(tags=\[1\]\)/);
    refused({ on_schema_change: 'append' }, /on_schema_change/);
  });
});
