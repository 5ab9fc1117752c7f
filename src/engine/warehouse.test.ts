import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativePaths } from './warehouse.js';

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
