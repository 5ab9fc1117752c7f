import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createDuckDbWarehouse, relativePaths } from './warehouse.js';

describe('relativePaths', () => {
  const files = '/srv/data/files/shop';
  const data = '/srv/data';

  it('writes paths in the files folder as the user wrote them, and other data paths relative to it', () => {
    assert.equal(
      relativePaths('IO Error: No files found that match the pattern "/srv/data/files/shop/in/missing.csv"', files, data),
      'IO Error: No files found that match the pattern "in/missing.csv"',
    );
    assert.equal(relativePaths("read_csv('/srv/data/files/shop/../x.csv')", files, data), "read_csv('../x.csv')");
    assert.equal(relativePaths('Could not set lock on file "/srv/data/warehouses/shop.duckdb"', files, data), 'Could not set lock on file "../../warehouses/shop.duckdb"');
    assert.equal(relativePaths('allowed: [/srv/data/files/shop] in /srv/data', files, data), 'allowed: [.] in ../..');
  });

  it('rewrites whole path components only', () => {
    for (const text of ['/srv/database/x', '/mnt/srv/data/x', '/etc/passwd']) assert.equal(relativePaths(text, files, data), text);
    assert.equal(relativePaths('/srv/data/files/shopping/a.csv', files, data), '../../files/shopping/a.csv');
  });
});

describe('a warehouse session', () => {
  it('reads query rows with their column names and types, up to a cap', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rl-warehouse-'));
    const session = await createDuckDbWarehouse(dataDir, '256MB').open('shop', 'dev');
    try {
      const all = await session.query('SELECT i AS n, i::VARCHAR AS label FROM range(5) t(i) WHERE i >= $1 ORDER BY i', [2]);
      assert.deepEqual(all.columns, [{ name: 'n', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }]);
      assert.deepEqual(all.rows, [[2n, '2'], [3n, '3'], [4n, '4']]);
      assert.equal(all.truncated, false);
      const capped = await session.query('SELECT * FROM range(10000)', [], 3);
      assert.equal(capped.rows.length, 3);
      assert.equal(capped.truncated, true);
    } finally {
      await session.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
