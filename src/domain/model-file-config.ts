// What `{{ config(...) }}` inside a model's SQL sets, and how it combines with the request's fields.
// As in dbt, the model's own file wins: config(materialized=…) over `materialization`, unique_key,
// incremental_strategy and on_schema_change over the same members of `config`; its tags are added to the
// request's. The model stores the effective values, so what it shows is what a run builds.
import { Value } from '@sinclair/typebox/value';
import { Errors, fail } from './errors.js';
import { ModelConfigSchema, type ModelConfig } from './model-settings.js';
import { MATERIALIZATIONS, type Materialization } from './models.js';

export interface ModelFields {
  materialization: Materialization;
  tags: string[];
  config: ModelConfig | undefined;
}

export interface FileConfig {
  materialization?: Materialization;
  tags?: string[];
  config: ModelConfig;
}

const CONFIG_KEYS = ['unique_key', 'incremental_strategy', 'on_schema_change'] as const;

const asList = (value: unknown) => (typeof value === 'string' ? [value] : value);

/**
 * Reads the keys runledger acts on from what config() set; other dbt keys (schema, alias, hooks…) are
 * ignored, so translated projects keep working. `model` (`project.name`) names the model in errors.
 */
export function readFileConfig(set: Readonly<Record<string, unknown>>, model: string): FileConfig {
  const bad = (key: string, rule: string): never => fail(Errors.validation, `model ${model}: config(${key}=${JSON.stringify(set[key])}) ${rule}`);
  const result: FileConfig = { config: {} };
  if (set.materialized !== undefined) {
    const upper = typeof set.materialized === 'string' ? set.materialized.toUpperCase() : undefined;
    if (!(MATERIALIZATIONS as readonly (string | undefined)[]).includes(upper)) bad('materialized', `must be one of: ${MATERIALIZATIONS.join(', ').toLowerCase()}`);
    result.materialization = upper as Materialization;
  }
  if (set.tags !== undefined) {
    const tags = asList(set.tags);
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && /^\S/.test(t))) bad('tags', 'must be a tag or a list of tags');
    result.tags = tags as string[];
  }
  for (const key of CONFIG_KEYS) {
    if (set[key] === undefined) continue;
    const value = key === 'unique_key' ? asList(set[key]) : set[key];
    if (!Value.Check(ModelConfigSchema, { [key]: value })) bad(key, 'is not valid for this key (see ModelConfig)');
    Object.assign(result.config, { [key]: value });
  }
  return result;
}

/** The request's fields with the file's config applied; an empty config is no config. */
export function applyFileConfig(fields: ModelFields, file: FileConfig): ModelFields {
  const config = { ...fields.config, ...file.config };
  return {
    materialization: file.materialization ?? fields.materialization,
    tags: file.tags ? [...new Set([...fields.tags, ...file.tags])] : fields.tags,
    config: Object.keys(config).length > 0 ? config : undefined,
  };
}
