// What a model carries besides its SQL, as the DuckDB Data Platform defines it (ModelConfig, ModelContract,
// FreshnessPolicy), and the settings of a models project: the vars its templates read and its sources.
import { Type, type Static } from '@sinclair/typebox';

const Word = Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$' });

export const ModelConfigSchema = Type.Object(
  {
    unique_key: Type.Optional(Type.Array(Word, { maxItems: 50, description: 'INCREMENTAL: rows with the same key are merged, not appended' })),
    incremental_strategy: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: '`merge` (needs unique_key), `delete+insert` or `append`' })),
    on_schema_change: Type.Optional(Type.Union([Type.Literal('ignore'), Type.Literal('fail')])),
  },
  { description: 'Configuration options for a transformation model.' },
);
export type ModelConfig = Static<typeof ModelConfigSchema>;

export const ModelContractColumnSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.String({ minLength: 1, maxLength: 255, description: 'A DuckDB type, e.g. BIGINT' }),
  nullable: Type.Optional(Type.Boolean({ default: true })),
});

export const ModelContractSchema = Type.Object(
  {
    enforce: Type.Optional(Type.Boolean()),
    columns: Type.Optional(Type.Array(ModelContractColumnSchema, { maxItems: 1000 })),
  },
  { description: 'Output contract enforced for a model: with `enforce`, a build whose columns differ fails its step.' },
);
export type ModelContract = Static<typeof ModelContractSchema>;

export const FreshnessPolicySchema = Type.Object(
  {
    max_lag_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 999999999 })),
    cron_schedule: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  },
  { description: 'Freshness policy for a model.' },
);
export type FreshnessPolicy = Static<typeof FreshnessPolicySchema>;

/** Where `source('name', 'table')` reads: a file in the project's files folder, or a relation. */
export const SourceTableSchema = Type.Object(
  {
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'A file in the project files folder (.csv, .parquet, .json)' })),
    relation: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'A relation in the warehouse, e.g. raw.orders' })),
    loaded_at_field: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'The column source freshness reads' })),
  },
  { additionalProperties: false },
);
export type SourceTable = Static<typeof SourceTableSchema>;

export const ProjectSettingsSchema = Type.Object(
  {
    vars: Type.Record(Type.String(), Type.Unknown(), { description: 'Values `var()` returns unless a trigger sends its own' }),
    sources: Type.Record(Type.String({ pattern: '^[^.\\s]+\\.[^.\\s]+$' }), SourceTableSchema, {
      description: 'Keyed `source_name.table_name`, as `source()` names them',
      // A Record with a key pattern lists its keys as patternProperties; any other key would otherwise pass.
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);
export type ProjectSettings = Static<typeof ProjectSettingsSchema>;
