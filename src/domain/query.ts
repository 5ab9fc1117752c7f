// POST /v1/query as the DuckDB Data Platform's executeQuery: QueryRequest in, QueryResult out.
import { Type, type Static } from '@sinclair/typebox';
import { ProjectRef } from './models.js';

/** runledger's addition to the platform's reads, which know one warehouse. */
export const ReadProjectName = Type.Optional({
  ...ProjectRef,
  description: 'runledger: the project whose warehouse to read; may be left out while only one project has a warehouse',
});

export const QueryRequestSchema = Type.Object(
  {
    sql: Type.String({ minLength: 1, maxLength: 65536, description: 'One SELECT, read-only' }),
    project_name: ReadProjectName,
  },
  { additionalProperties: false },
);
export type QueryRequest = Static<typeof QueryRequestSchema>;

export const QueryResultSchema = Type.Object({
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.Unknown()), {
    description:
      'Values as JSON: integers up to ±2^53 as numbers and wider as strings; DECIMAL up to 15 digits as numbers, wider as ' +
      'strings; DATE, TIME and TIMESTAMP as ISO 8601 text, TIMESTAMPTZ in UTC with Z; lists and structs as arrays and objects.',
  }),
  row_count: Type.Integer({ minimum: 0, description: 'Rows in `rows`' }),
  truncated: Type.Boolean({ description: 'runledger: the query had more rows than the row cap; `rows` holds the first of them' }),
});
export type QueryResult = Static<typeof QueryResultSchema>;
