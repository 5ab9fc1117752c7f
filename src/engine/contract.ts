// A model's contract against the relation its step built: every declared column present, of the declared
// type, and holding no NULL where declared not nullable. The Data Platform checks the same three things.
import type { ModelContract } from '../domain/model-settings.js';
import { relationColumns, type RelationName } from './relation-info.js';
import { quoteIdent, tableRef, type WarehouseSession } from './warehouse.js';

// DuckDB's own names for its type aliases (DuckDB docs, "Data Types"): what information_schema reports.
const TYPE_ALIASES: Record<string, string> = {
  INT8: 'BIGINT',
  LONG: 'BIGINT',
  INT: 'INTEGER',
  INT4: 'INTEGER',
  SIGNED: 'INTEGER',
  INT2: 'SMALLINT',
  SHORT: 'SMALLINT',
  INT1: 'TINYINT',
  INT128: 'HUGEINT',
  BOOL: 'BOOLEAN',
  LOGICAL: 'BOOLEAN',
  FLOAT8: 'DOUBLE',
  FLOAT4: 'FLOAT',
  REAL: 'FLOAT',
  CHAR: 'VARCHAR',
  BPCHAR: 'VARCHAR',
  TEXT: 'VARCHAR',
  STRING: 'VARCHAR',
  BYTEA: 'BLOB',
  BINARY: 'BLOB',
  VARBINARY: 'BLOB',
  DATETIME: 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE',
  NUMERIC: 'DECIMAL(18,3)',
  DECIMAL: 'DECIMAL(18,3)',
};

/** A type name as DuckDB reports it: aliases resolved, VARCHAR lengths dropped (DuckDB ignores them). */
export function canonicalType(type: string): string {
  const t = type.trim().toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1');
  if (t.endsWith('[]')) return `${canonicalType(t.slice(0, -2))}[]`;
  const decimal = /^(?:DECIMAL|NUMERIC)\((\d+)(?:,(\d+))?\)$/.exec(t);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2] ?? '0'})`;
  if (/^(?:VAR)?CHAR(?:ACTER)?(?: VARYING)?\(\d+\)$/.test(t)) return 'VARCHAR';
  return TYPE_ALIASES[t] ?? t;
}

/** What the built relation does not hold of the contract, one entry per fault; empty when it is met. */
export async function contractViolations(session: WarehouseSession, relation: RelationName, contract: ModelContract): Promise<string[]> {
  const built = new Map((await relationColumns(session, relation)).map((c) => [c.name.toLowerCase(), c]));
  const violations: string[] = [];
  for (const declared of contract.columns ?? []) {
    const actual = built.get(declared.name.toLowerCase());
    if (!actual) {
      violations.push(`column "${declared.name}" is missing`);
      continue;
    }
    if (canonicalType(declared.type) !== canonicalType(actual.type)) violations.push(`column "${declared.name}" is ${actual.type}, not ${declared.type}`);
    // CREATE TABLE AS declares no column NOT NULL: what counts is whether the data holds a NULL.
    if (declared.nullable === false && actual.nullable) {
      const nulls = await session.count(`SELECT count(*) FROM ${tableRef(relation.catalog, relation.schema, relation.name)} WHERE ${quoteIdent(actual.name)} IS NULL`);
      if (nulls > 0) violations.push(`column "${declared.name}" is declared not nullable but ${nulls} row(s) are NULL`);
    }
  }
  return violations;
}
