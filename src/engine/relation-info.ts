// What the warehouse holds under a name: read from DuckDB's information_schema, with bound parameters.
import type { WarehouseSession } from './warehouse.js';

export interface RelationColumn {
  name: string;
  type: string;
  nullable: boolean;
}

export interface RelationName {
  catalog: string;
  schema: string;
  name: string;
}

/** What each relation of a schema is, by name: `BASE TABLE` or `VIEW`. */
export async function relationKinds(session: WarehouseSession, catalog: string, schema: string): Promise<Map<string, string>> {
  const { rows } = await session.query('SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = $1 AND table_schema = $2', [catalog, schema]);
  return new Map(rows.map(([name, type]) => [String(name), String(type)]));
}

/** The relation's columns in order. */
export async function relationColumns(session: WarehouseSession, relation: RelationName): Promise<RelationColumn[]> {
  const { rows } = await session.query(
    'SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_catalog = $1 AND table_schema = $2 AND table_name = $3 ORDER BY ordinal_position',
    [relation.catalog, relation.schema, relation.name],
  );
  return rows.map(([name, type, nullable]) => ({ name: String(name), type: String(type), nullable: nullable === 'YES' }));
}
