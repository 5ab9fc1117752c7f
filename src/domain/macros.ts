// SQL macros as the DuckDB Data Platform defines them (/v1/macros).

/** What defines a macro in DuckDB: CREATE MACRO name(parameters) AS body, or AS TABLE body. */
export interface MacroDefinition {
  name: string;
  macro_type: string;
  parameters: readonly string[];
  body: string;
}
