// What triggering a run of a project's models takes: the Data Platform's TriggerModelRunRequest, plus
// runledger's `vars`.
import { Type, type Static } from '@sinclair/typebox';
import { JsonMap } from './free-form.js';

/** The catalog every Data Platform client sends by default; runledger's is the project's warehouse. */
export const DEFAULT_TARGET_CATALOG = 'memory';

export const TriggerModelRunSchema = Type.Object(
  {
    project_name: Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$' }),
    model_names: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S.*$' }), {
        maxItems: 1000,
        description:
          'Selectors, joined as one comma-separated union: `name` or `project.name`, `+name` (with its upstream), ' +
          '`name+` (with its downstream), `+name+`, `tag:x`, `project:x`, `state:modified` (compiled differently from ' +
          'its last successful build into the target schema), `*`. Empty or absent: every model of the project.',
      }),
    ),
    target_catalog: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$', description: `\`${DEFAULT_TARGET_CATALOG}\` (the default) or the project's name: its warehouse` }),
    ),
    target_schema: Type.Optional(
      Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', description: 'Schema the models build into; the project name when absent' }),
    ),
    full_refresh: Type.Optional(Type.Boolean({ description: 'Build INCREMENTAL models whole, as on their first run' })),
    vars: Type.Optional(JsonMap('Values var() returns, over the project settings’ vars', { maxKeys: 1000 })),
  },
  { additionalProperties: false },
);
export type TriggerModelRun = Static<typeof TriggerModelRunSchema>;
