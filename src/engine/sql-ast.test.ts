import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../domain/errors.js';
import { parseSelect, renderSelect, withCtes } from './sql-ast.js';

describe('model SQL through DuckDB’s parser', () => {
  it('finds tables, not CTE names, and the files table functions read', async () => {
    const parsed = await parseSelect(
      "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN shop.customers USING (id), read_parquet(['x.parquet', 'y.parquet']) WHERE id IN (SELECT id FROM other.refunds)",
    );
    assert.deepEqual(parsed.tables.map((t) => `${t.schema}.${t.name}`).sort(), ['.orders', 'other.refunds', 'shop.customers']);
    assert.deepEqual(parsed.files, ['x.parquet', 'y.parquet']);
  });

  it('refuses SQL that does not parse and more than one statement, with DuckDB’s message', async () => {
    await assert.rejects(parseSelect('SELEC 1'), (err: AppError) => err.definition.code === 'RL_SQL_INVALID' && /syntax error/.test(err.detail));
    await assert.rejects(parseSelect('SELECT 1; SELECT 2'), /exactly one SELECT/);
  });

  it('rewrites model references and relative files, and keeps 64-bit constants exact', async () => {
    const parsed = await parseSelect("SELECT 9007199254740993 AS big, o.* FROM orders o JOIN shop.items USING (id), read_csv('in/a.csv'), read_csv('/abs/b.csv'), external_t");
    const sql = await renderSelect(parsed, { project: 'shop', models: new Set(['orders', 'items']), targetSchema: 'dev', filesDir: '/files/shop' });
    assert.match(sql, /9007199254740993/);
    assert.match(sql, /shop\.dev\.orders/);
    assert.match(sql, /shop\.dev\.items/);
    assert.match(sql, /'\/files\/shop\/in\/a\.csv'/);
    assert.match(sql, /'\/abs\/b\.csv'/);
    assert.match(sql, /FROM .*external_t|, external_t/, 'tables that are not models are left alone');
    assert.doesNotMatch(sql, /dev\.external_t/);
    const shown = await renderSelect(parsed, { project: 'shop', models: new Set(['orders', 'items']), targetSchema: 'dev' });
    assert.match(shown, /'in\/a\.csv'/, 'without filesDir, files stay as written');
    assert.match(shown, /shop\.dev\.orders/);
  });
});

describe('ephemeral models as CTEs', () => {
  it('lists the functions a query calls, macros among them', async () => {
    const parsed = await parseSelect("SELECT cents(amount), lower(name) FROM orders_of('2024') WHERE tax(amount) > 0");
    assert.deepEqual(parsed.functions, ['cents', 'lower', 'orders_of', 'tax']);
  });

  it('defines CTEs ahead of the query’s own, each reading those before it, and points references at them', async () => {
    const base = await parseSelect("SELECT * FROM read_csv('a.csv')");
    const mid = await parseSelect('SELECT id FROM base WHERE id > 1');
    const top = await parseSelect('WITH own AS (SELECT * FROM shop.mid) SELECT * FROM own JOIN items USING (id)');
    const inlined = withCtes(top, [
      { name: 'base', parsed: base },
      { name: 'mid', parsed: mid },
    ]);
    assert.deepEqual(inlined.files, ['a.csv'], 'what the ephemeral models read is read by the query');
    assert.deepEqual(inlined.tables.map((t) => `${t.schema}.${t.name}`), ['shop.mid', '.items'], 'until shop.mid is pointed at its CTE');
    const sql = await renderSelect(inlined, { project: 'shop', models: new Set(['items']), ephemerals: new Set(['base', 'mid']), targetSchema: 'dev' });
    assert.match(sql, /^WITH base AS \(SELECT \* FROM read_csv\('a\.csv'\)\), mid AS \(SELECT id FROM base WHERE \(id > 1\)\), own AS \(SELECT \* FROM mid\) ?SELECT/);
    assert.match(sql, /shop\.dev\.items/);
    assert.equal(withCtes(top, []), top);
  });
});
