// A model's tests: assertions its build must pass, named uniquely within the model.
import { Errors, fail } from '../domain/errors.js';
import type { ModelTestView, NewModelTest, TestConfig, TestType } from '../domain/models.js';
import { decodeStringPairKey, toPage } from '../domain/pagination.js';
import { parseSelect } from '../engine/sql-ast.js';
import { checkTestDefinition } from '../engine/test-sql.js';
import { deleteModelTest, insertModelTest, pageModelTests } from '../store/models.js';
import type { ModelTestRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { requireModel } from './models-service.js';

/** As the platform shows a test: values as strings, and no column or config when it has none. */
function toTestView(row: ModelTestRow): ModelTestView {
  const { values, ...config } = row.config as TestConfig;
  const shown = { ...(values && { values: values.map(String) }), ...config };
  return {
    id: row.id,
    model_id: row.model_id,
    name: row.name,
    test_type: row.test_type as TestType,
    ...(row.column_name !== null && { column: row.column_name }),
    ...(Object.keys(shown).length > 0 && { config: shown }),
    created_at: row.created_at.toISOString(),
  };
}

export async function addModelTest(ctx: ServiceContext, project: string, name: string, input: NewModelTest): Promise<ModelTestView> {
  const model = await requireModel(ctx, project, name);
  const definition = { name: input.name, test_type: input.test_type, column: input.column ?? null, config: input.config ?? {} };
  checkTestDefinition(definition);
  if (definition.config.custom_sql) await parseSelect(definition.config.custom_sql, 'config.custom_sql');
  const row = await insertModelTest(ctx.db, {
    id: ctx.newId(),
    model_id: model.id,
    name: definition.name,
    test_type: definition.test_type,
    column_name: definition.column,
    config: definition.config,
    created_at: ctx.now(),
  });
  return toTestView(row ?? fail(Errors.conflict, `model "${project}.${name}" already has a test named "${input.name}"`));
}

export async function listTestsOfModel(ctx: ServiceContext, project: string, name: string, limit: number, pageToken: string | undefined) {
  const model = await requireModel(ctx, project, name);
  const rows = await pageModelTests(ctx.db, model.id, limit, pageToken ? decodeStringPairKey(pageToken) : undefined);
  return toPage(rows.map(toTestView), limit, (t) => [t.name, t.id]);
}

export async function removeModelTest(ctx: ServiceContext, project: string, name: string, testId: string): Promise<void> {
  const model = await requireModel(ctx, project, name);
  if (!(await deleteModelTest(ctx.db, model.id, testId))) fail(Errors.notFound, `model "${name}" has no test "${testId}"`);
}
