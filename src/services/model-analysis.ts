// What a model's SQL says when it is created or changed: it is rendered as a template (refs, sources, vars,
// macros and config() as a run would see them) and the result parsed by DuckDB, to refuse what cannot run and
// to find what the model reads.
import { AppError, Errors } from '../domain/errors.js';
import { SOURCE_PREFIX, qualifiedName, type ModelKey } from '../domain/model-dependencies.js';
import { readFileConfig, type FileConfig } from '../domain/model-file-config.js';
import type { Materialization } from '../domain/models.js';
import { parseSelect, type TableRef } from '../engine/sql-ast.js';
import { renderModel } from '../engine/template.js';
import { quoteIdent } from '../engine/warehouse.js';
import { listMacroDefinitions } from '../store/macros.js';
import { findProjectSettings } from '../store/model-projects.js';
import type { Db, Tx } from '../store/schema.js';

export interface ModelAnalysis {
  /** The SQL analysed, so a caller can tell whether it is still the model's. */
  sql: string;
  /** What the SQL names, as the model stores it (see StoredModelDeps). */
  depends_on: string[];
  file: FileConfig;
}

const relationOf = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/**
 * Renders with the project's vars (a var without a value renders NULL), every model as a ref() target and
 * the project's declared sources, each as a two-part name the parse below recognises. `models` are the
 * models that exist besides this one.
 */
export async function analyseModel(
  db: Db | Tx,
  model: ModelKey & { sql: string; materialization: Materialization },
  models: readonly ModelKey[],
): Promise<ModelAnalysis> {
  const [settings, macros] = await Promise.all([findProjectSettings(db, model.project_name), listMacroDefinitions(db)]);
  const relations = Object.fromEntries([...models, model].map((m) => [qualifiedName(m), relationOf(m.project_name, m.name)]));
  const sources = Object.fromEntries(Object.keys(settings.sources).map((key) => [key, relationOf(...splitSourceKey(key))]));
  const rendered = await renderModel(model.sql, {
    project: model.project_name,
    model: model.name,
    materialization: model.materialization,
    incremental: false,
    thisRelation: relationOf(model.project_name, model.name),
    relations,
    sources,
    vars: settings.vars,
    macros: macros.map((m) => m.name),
    lenient: true,
  });
  const tables = await parsedTables(rendered.sql, rendered.missingVars.length > 0);
  const sourceKeys = new Set(rendered.sources);
  const read = tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name)).filter((t) => !sourceKeys.has(t));
  const depends = new Set([...rendered.refs, ...rendered.sources.map((s) => SOURCE_PREFIX + s), ...read]);
  return { sql: model.sql, depends_on: [...depends].sort(), file: readFileConfig(rendered.config, qualifiedName(model)) };
}

function splitSourceKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

/**
 * The tables the rendered SQL reads. A var that had no value rendered NULL, which can leave SQL that only
 * parses once a run supplies it: then a parse failure is not the model's fault, and its refs and sources
 * are all that is known of what it reads.
 */
async function parsedTables(sql: string, varsMissing: boolean): Promise<TableRef[]> {
  try {
    return (await parseSelect(sql)).tables;
  } catch (err) {
    if (varsMissing && err instanceof AppError && err.definition === Errors.sqlInvalid) return [];
    throw err;
  }
}
