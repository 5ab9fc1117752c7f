// SQL transformation models and their tests (Models API field names).
import { Type, type Static } from '@sinclair/typebox';

/** Project and model names become DuckDB schema and table names, so they are plain identifiers. */
export const Identifier = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', description: 'Letters, digits and _, not starting with a digit' });

export const MATERIALIZATIONS = ['VIEW', 'TABLE'] as const;
export type Materialization = (typeof MATERIALIZATIONS)[number];
const MaterializationSchema = Type.Union(MATERIALIZATIONS.map((m) => Type.Literal(m)));

export const TEST_TYPES = ['not_null', 'unique', 'accepted_values', 'relationships', 'custom_sql'] as const;
export type TestType = (typeof TEST_TYPES)[number];

export const NewModelSchema = Type.Object(
  {
    project_name: Identifier,
    name: Identifier,
    sql: Type.String({ minLength: 1, description: 'One SELECT; other models are referenced as `name` or `project.name`' }),
    materialization: Type.Optional(MaterializationSchema),
    description: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type NewModel = Static<typeof NewModelSchema>;

export const ModelPatchSchema = Type.Object(
  {
    sql: Type.Optional(Type.String({ minLength: 1 })),
    materialization: Type.Optional(MaterializationSchema),
    description: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ModelPatch = Static<typeof ModelPatchSchema>;

export const ModelSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  project_name: Type.String(),
  name: Type.String(),
  sql: Type.String(),
  materialization: MaterializationSchema,
  description: Type.String(),
  tags: Type.Array(Type.String()),
  depends_on: Type.Array(Type.String(), { description: 'Models of the project this SQL reads, found by parsing it' }),
  created_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type ModelView = Static<typeof ModelSchema>;

export const TestConfigSchema = Type.Object(
  {
    values: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { minItems: 1 })),
    to_model: Type.Optional(Identifier),
    to_column: Type.Optional(Identifier),
    custom_sql: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type TestConfig = Static<typeof TestConfigSchema>;

export const NewModelTestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    test_type: Type.Union(TEST_TYPES.map((t) => Type.Literal(t))),
    column: Type.Optional(Identifier),
    config: Type.Optional(TestConfigSchema),
  },
  { additionalProperties: false },
);
export type NewModelTest = Static<typeof NewModelTestSchema>;

export const ModelTestSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  model_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  test_type: Type.Union(TEST_TYPES.map((t) => Type.Literal(t))),
  column: Type.Union([Type.String(), Type.Null()]),
  config: TestConfigSchema,
  created_at: Type.String({ format: 'date-time' }),
});
export type ModelTestView = Static<typeof ModelTestSchema>;

export const TriggerRunSchema = Type.Object(
  {
    project_name: Identifier,
    model_names: Type.Optional(
      Type.Array(Type.String({ pattern: '^\\+?[A-Za-z_][A-Za-z0-9_]*\\+?$' }), {
        description: '`name`, `+name` (with its upstream) or `name+` (with its downstream); empty or absent: the whole project',
      }),
    ),
    full_refresh: Type.Optional(Type.Boolean()),
    target_schema: Type.Optional(Identifier),
  },
  { additionalProperties: false },
);
export type TriggerRun = Static<typeof TriggerRunSchema>;
