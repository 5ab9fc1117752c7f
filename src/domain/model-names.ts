// What runledger needs of model and project names beyond the platform's own rules (one word; a label).
import { Errors, fail } from './errors.js';

/**
 * A project's warehouse is a DuckDB file named after it, which makes the project its catalog. DuckDB
 * refuses to attach a database as main, system or temp, an in-memory session already holds memory, and
 * a catalog named information_schema or pg_catalog would shadow the schemas of those names that every
 * catalog has. DuckDB compares catalog names without regard to case.
 */
export const RESERVED_CATALOG_NAMES = ['main', 'system', 'temp', 'memory', 'information_schema', 'pg_catalog'] as const;

// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Refuses, naming the field, what would break a qualified name (`project.name`) or the warehouse file. */
export function checkModelNames(project: string, name: string): void {
  if (project.includes('.')) fail(Errors.validation, `project_name "${project}": must not contain "." (models are named project.name)`);
  if (/[/\\]/.test(project) || CONTROL.test(project)) {
    fail(Errors.validation, `project_name ${JSON.stringify(project)}: must not contain "/", "\\" or control characters (it names the project's warehouse file)`);
  }
  if ((RESERVED_CATALOG_NAMES as readonly string[]).includes(project.toLowerCase())) {
    fail(Errors.validation, `project_name "${project}": DuckDB reserves this catalog name; choose another (reserved: ${RESERVED_CATALOG_NAMES.join(', ')})`);
  }
  if (name.includes('.')) fail(Errors.validation, `name "${name}": must not contain "." (models are named project.name)`);
}
