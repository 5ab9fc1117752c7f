// The query each model test runs: it counts the rows that fail the test (0 rows = PASS).
import { Errors, fail } from '../domain/errors.js';
import type { TestConfig, TestType } from '../domain/models.js';
import { quoteIdent, tableRef, type SqlParam } from './warehouse.js';

export interface TestDefinition {
  name: string;
  test_type: TestType;
  column: string | null;
  config: TestConfig;
}

export interface TestQuery {
  sql: string;
  params: SqlParam[];
}

/** Refuses, at creation, a test whose type lacks what it needs. */
export function checkTestDefinition(test: TestDefinition): void {
  const needsColumn = test.test_type !== 'custom_sql';
  if (needsColumn && !test.column) fail(Errors.validation, `column is required for ${test.test_type} tests`);
  if (test.test_type === 'accepted_values' && !test.config.values?.length) fail(Errors.validation, 'config.values is required for accepted_values tests');
  if (test.test_type === 'relationships' && (!test.config.to_model || !test.config.to_column)) {
    fail(Errors.validation, 'config.to_model and config.to_column are required for relationships tests');
  }
  if (test.test_type === 'custom_sql' && !test.config.custom_sql) fail(Errors.validation, 'config.custom_sql is required for custom_sql tests');
}

export function testQuery(test: TestDefinition, project: string, schema: string, model: string): TestQuery {
  const table = tableRef(project, schema, model);
  const column = quoteIdent(test.column ?? '');
  switch (test.test_type) {
    case 'not_null':
      return { sql: `SELECT count(*) FROM ${table} WHERE ${column} IS NULL`, params: [] };
    case 'unique':
      return {
        sql: `SELECT count(*) FROM (SELECT ${column} FROM ${table} WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1)`,
        params: [],
      };
    case 'accepted_values': {
      const values = (test.config.values ?? []).map(String);
      const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
      // Values bind as text and DuckDB casts them to the column's type, as dbt's quoted literals are: on a
      // DOUBLE column '10' is 10.0. Casting the column to text instead would make 10.0 differ from '10'.
      return { sql: `SELECT count(*) FROM ${table} WHERE ${column} IS NOT NULL AND ${column} NOT IN (${placeholders})`, params: values };
    }
    case 'relationships': {
      const parent = tableRef(project, schema, test.config.to_model ?? '');
      const key = quoteIdent(test.config.to_column ?? '');
      return {
        sql: `SELECT count(*) FROM ${table} AS child WHERE child.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} AS parent WHERE parent.${key} = child.${column})`,
        params: [],
      };
    }
    case 'custom_sql':
      return { sql: `SELECT count(*) FROM (${test.config.custom_sql ?? ''}) AS failures`, params: [] };
  }
}
