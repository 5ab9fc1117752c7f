// Compiles one model for a triggered run: renders its template, parses what it renders with DuckDB's
// parser, and finds what it depends on: the models and sources its ref() and source() calls name, and the
// models its SQL reads by name.
import { SOURCE_PREFIX, type ModelIndex, type ModelKey } from '../domain/model-dependencies.js';
import { parseSelect, type ParsedSql } from './sql-ast.js';
import { renderModel, type RenderedModel, type TemplateContext } from './template.js';
import { tableRef } from './warehouse.js';

export interface ModelToCompile extends ModelKey {
  sql: string;
  materialization: string;
}

/** What every model of one run compiles against. */
export interface CompileScope extends Pick<TemplateContext, 'relations' | 'sources' | 'vars' | 'macros'> {
  targetSchema: string;
  /** Every model, to resolve the tables a model's SQL reads against. */
  index: ModelIndex;
}

export interface CompiledModel {
  /** Qualified `project.name`. */
  name: string;
  parsed: ParsedSql;
  /** Qualified models and `source:s.t`, sorted, itself left out. */
  depends_on: string[];
  vars_used: string[];
  /** Macros the template called, and known macros its SQL calls directly. */
  macros_used: string[];
  warnings: string[];
}

// SQL with no template tag renders to itself: no trip to the render thread.
const TEMPLATE_TAG = /\{[{%#]/;

function plainSql(sql: string): RenderedModel {
  return { sql: sql.trim(), refs: [], sources: [], varsUsed: [], macrosUsed: [], config: {}, missingVars: [], warnings: [] };
}

/**
 * Models a query reads by name, as the Data Platform resolves them (ModelIndex). A table in the run's schema
 * is one of the project's models by its bare name: that is how ref() renders one.
 */
function tableDependencies(parsed: ParsedSql, project: string, scope: CompileScope): string[] {
  return parsed.tables.flatMap((t) => scope.index.resolve(t.schema === '' || t.schema === scope.targetSchema ? t.name : `${t.schema}.${t.name}`, project) ?? []);
}

const sortedUnique = (names: Iterable<string>) => [...new Set(names)].sort();

export async function compileModel(model: ModelToCompile, scope: CompileScope, incremental: boolean): Promise<CompiledModel> {
  const name = `${model.project_name}.${model.name}`;
  const context: TemplateContext = {
    project: model.project_name,
    model: model.name,
    materialization: model.materialization,
    incremental,
    thisRelation: tableRef(model.project_name, scope.targetSchema, model.name),
    relations: scope.relations,
    sources: scope.sources,
    vars: scope.vars,
    macros: scope.macros,
  };
  const rendered = TEMPLATE_TAG.test(model.sql) ? await renderModel(model.sql, context) : plainSql(model.sql);
  const parsed = await parseSelect(rendered.sql, `model ${name}`);
  const known = new Set(scope.macros);
  const depends = [...rendered.refs, ...rendered.sources.map((s) => SOURCE_PREFIX + s), ...tableDependencies(parsed, model.project_name, scope)];
  return {
    name,
    parsed,
    depends_on: sortedUnique(depends.filter((d) => d !== name)),
    vars_used: rendered.varsUsed,
    macros_used: sortedUnique([...rendered.macrosUsed, ...parsed.functions.filter((f) => known.has(f))]),
    warnings: rendered.warnings.map((w) => `${name}: ${w}`),
  };
}
