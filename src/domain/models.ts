// SQL transformation models and their tests, as the DuckDB Data Platform's Models API shapes them
// (CreateModelRequest, UpdateModelRequest, Model, ModelDAG, CreateModelTestRequest, ModelTest).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { FreshnessPolicySchema, ModelConfigSchema, ModelContractSchema } from './model-settings.js';

/** The platform's "one word" and "starts with a non-space" strings. */
const Word = (description?: string) => Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$', ...(description ? { description } : {}) });
const Label = (description?: string) => Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S.*$', ...(description ? { description } : {}) });

export const MATERIALIZATIONS = ['VIEW', 'TABLE', 'INCREMENTAL', 'EPHEMERAL'] as const;
export type Materialization = (typeof MATERIALIZATIONS)[number];
const MaterializationSchema = Type.Union(MATERIALIZATIONS.map((m) => Type.Literal(m)));

export const TEST_TYPES = ['not_null', 'unique', 'accepted_values', 'relationships', 'custom_sql'] as const;
export type TestType = (typeof TEST_TYPES)[number];
const TestTypeSchema = Type.Union(TEST_TYPES.map((t) => Type.Literal(t)));

const ProjectName = Word('No ".", "/", "\\" or control characters, and not a catalog name DuckDB reserves (main, system, temp, …)');
/** A project named in a path or a read (files, settings, query): a name model-names.ts lets a project have. */
export const ProjectRef = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[^.\\s/\\\\\\u0000-\\u001f\\u007f]+$',
  description: 'A project name: no ".", "/", "\\", whitespace or control characters',
});
const ModelName = Label('No "."; models are named `project.name`');
const Sql = Type.String({ minLength: 1, maxLength: 65536, description: 'One SELECT, a Jinja template: ref(), source(), var(), this, is_incremental(), config(), macros' });
const Description = Type.String({ maxLength: 4096 });
const Tags = Type.Array(Label(), { maxItems: 100 });
const Nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

export const NewModelSchema = Type.Object(
  {
    project_name: ProjectName,
    name: ModelName,
    sql: Sql,
    materialization: Type.Optional(MaterializationSchema),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    config: Type.Optional(ModelConfigSchema),
    contract: Type.Optional(ModelContractSchema),
    freshness_policy: Type.Optional(FreshnessPolicySchema),
  },
  { additionalProperties: false },
);
export type NewModel = Static<typeof NewModelSchema>;

/** A field left out stays as it is; `null` clears it. sql and materialization cannot be cleared. */
export const ModelPatchSchema = Type.Object(
  {
    sql: Type.Optional(Sql),
    materialization: Type.Optional(MaterializationSchema),
    description: Type.Optional(Nullable(Description, 'null clears it')),
    tags: Type.Optional(Nullable(Tags, 'null clears them')),
    config: Type.Optional(Nullable(ModelConfigSchema, 'null unsets it')),
    contract: Type.Optional(Nullable(ModelContractSchema, 'null unsets it')),
    freshness_policy: Type.Optional(Nullable(FreshnessPolicySchema, 'null unsets it')),
  },
  { additionalProperties: false },
);
export type ModelPatch = Static<typeof ModelPatchSchema>;

/** Members the platform leaves out when they are unset are absent here too, never null. */
export const ModelSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  project_name: Type.String(),
  name: Type.String(),
  sql: Type.String(),
  materialization: MaterializationSchema,
  description: Type.String(),
  owner: Type.Optional(Type.String({ description: 'Who created the model' })),
  tags: Type.Array(Type.String()),
  depends_on: Type.Array(Type.String(), {
    description: 'Models this SQL reads (`project.name`) and sources it names (`source:s.t`), from its ref()/source() calls and its parsed SQL',
  }),
  config: Type.Optional(ModelConfigSchema),
  contract: Type.Optional(ModelContractSchema),
  freshness_policy: Type.Optional(FreshnessPolicySchema),
  created_by: Type.Optional(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type ModelView = Static<typeof ModelSchema>;

export const ModelDagSchema = Type.Object({
  tiers: Type.Array(
    Type.Object({
      tier: Type.Integer({ minimum: 0 }),
      nodes: Type.Array(
        Type.Object({
          project_name: Type.String(),
          model_name: Type.String(),
          materialization: MaterializationSchema,
          depends_on: Type.Array(Type.String()),
        }),
      ),
    }),
    { description: 'Tier n depends only on tiers before it; the models of one tier can build in parallel' },
  ),
});
export type ModelDag = Static<typeof ModelDagSchema>;

/** What a test's config accepts: the platform sends values as strings; numbers and booleans are kept. */
export const TestConfigSchema = Type.Object(
  {
    values: Type.Optional(Type.Array(Type.Union([Type.String({ maxLength: 255 }), Type.Number(), Type.Boolean()]), { minItems: 1, maxItems: 1000 })),
    to_model: Type.Optional(Label()),
    to_column: Type.Optional(Label()),
    custom_sql: Type.Optional(Type.String({ minLength: 1, maxLength: 65536 })),
  },
  { additionalProperties: false },
);
export type TestConfig = Static<typeof TestConfigSchema>;

export const NewModelTestSchema = Type.Object(
  {
    name: Label('Unique among the model’s tests'),
    test_type: TestTypeSchema,
    column: Type.Optional(Label()),
    config: Type.Optional(TestConfigSchema),
  },
  { additionalProperties: false },
);
export type NewModelTest = Static<typeof NewModelTestSchema>;

export const ModelTestSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  model_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  test_type: TestTypeSchema,
  column: Type.Optional(Type.String()),
  config: Type.Optional(
    Type.Object({
      values: Type.Optional(Type.Array(Type.String())),
      to_model: Type.Optional(Type.String()),
      to_column: Type.Optional(Type.String()),
      custom_sql: Type.Optional(Type.String()),
    }),
  ),
  created_at: Type.String({ format: 'date-time' }),
});
export type ModelTestView = Static<typeof ModelTestSchema>;
