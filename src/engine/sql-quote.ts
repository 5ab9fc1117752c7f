// SQL text for names and strings we write ourselves into statements that take no parameters (SET, DDL).

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
