// SQL macros as the DuckDB Data Platform defines them (/v1/macros): definitions, revisions and impact.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** What defines a macro in DuckDB: CREATE MACRO name(parameters) AS body, or AS TABLE body. */
export interface MacroDefinition {
  name: string;
  macro_type: string;
  parameters: readonly string[];
  body: string;
}

/** Names a model template gives its own meaning (dbt's functions, Jinja's literals): a template could not call a macro of one. */
export const TEMPLATE_NAMES: ReadonlySet<string> = new Set(['ref', 'source', 'var', 'this', 'is_incremental', 'config', 'true', 'false', 'none']);

export const MACRO_TYPES = ['SCALAR', 'TABLE'] as const;
export const MACRO_VISIBILITIES = ['project', 'catalog_global', 'system'] as const;
export const MACRO_STATUSES = ['ACTIVE', 'DEPRECATED'] as const;
export type MacroType = (typeof MACRO_TYPES)[number];
export type MacroVisibility = (typeof MACRO_VISIBILITIES)[number];
export type MacroStatus = (typeof MACRO_STATUSES)[number];

const oneOf = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const MacroTypeSchema = oneOf(MACRO_TYPES);
const VisibilitySchema = oneOf(MACRO_VISIBILITIES);
const StatusSchema = oneOf(MACRO_STATUSES);

/** Models call a macro by name, unquoted (`{{ m('x') }}` renders `m(x)`): so names and parameters are identifiers. */
const Identifier = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', description: 'Letters, digits and _, not starting with a digit' });
const Parameters = Type.Array(Identifier, { maxItems: 50, uniqueItems: true });
const Body = Type.String({ minLength: 1, maxLength: 65536, description: 'A SCALAR macro: one expression; a TABLE macro: one SELECT' });
const Description = Type.String({ maxLength: 4096 });
const Word = Type.String({ maxLength: 255, pattern: '^\\S*$' });
const Properties = Type.Record(Type.String({ maxLength: 255 }), Type.String({ maxLength: 4096 }), { maxProperties: 100 });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S' }), { maxItems: 100 });
const Instant = Type.String({ format: 'date-time' });
const ContentHash = Type.String({ pattern: '^sha256:[0-9a-f]+$' });
const Version = Type.Integer({ minimum: 1 });

export const NewMacroSchema = Type.Object(
  {
    name: Identifier,
    macro_type: Type.Optional(MacroTypeSchema),
    parameters: Type.Optional(Parameters),
    body: Body,
    description: Type.Optional(Description),
    catalog_name: Type.Optional(Word),
    project_name: Type.Optional(Word),
    visibility: Type.Optional(VisibilitySchema),
    owner: Type.Optional(Word),
    properties: Type.Optional(Properties),
    tags: Type.Optional(Tags),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);
export type NewMacro = Static<typeof NewMacroSchema>;

// The platform's `duck apply` sends every list and map it holds, nil ones as null: null means empty.
const Clearable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

export const MacroPatchSchema = Type.Object(
  {
    body: Type.Optional(Body),
    description: Clearable(Description),
    parameters: Clearable(Parameters),
    status: Type.Optional(StatusSchema),
    catalog_name: Clearable(Word),
    project_name: Clearable(Word),
    visibility: Type.Optional(VisibilitySchema),
    owner: Clearable(Word),
    properties: Clearable(Properties),
    tags: Clearable(Tags),
  },
  { additionalProperties: false },
);
export type MacroPatch = Static<typeof MacroPatchSchema>;

// Reads omit what is empty, as the platform does.
export const MacroSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  macro_type: MacroTypeSchema,
  parameters: Type.Optional(Type.Array(Type.String())),
  body: Type.String(),
  description: Type.String(),
  catalog_name: Type.Optional(Type.String()),
  project_name: Type.Optional(Type.String()),
  visibility: Type.Optional(VisibilitySchema),
  owner: Type.Optional(Type.String()),
  properties: Type.Optional(Type.Record(Type.String(), Type.String())),
  tags: Type.Optional(Type.Array(Type.String())),
  status: Type.Optional(StatusSchema),
  created_by: Type.Optional(Type.String()),
  created_at: Instant,
  updated_at: Instant,
});
export type MacroView = Static<typeof MacroSchema>;

export const MacroRevisionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  macro_name: Type.String(),
  version: Version,
  content_hash: ContentHash,
  parameters: Type.Optional(Type.Array(Type.String())),
  body: Type.String(),
  description: Type.String(),
  status: Type.Optional(StatusSchema),
  created_by: Type.Optional(Type.String()),
  created_at: Instant,
});
export type MacroRevisionView = Static<typeof MacroRevisionSchema>;

export const MacroImpactModelSchema = Type.Object({
  model_name: Type.String({ description: 'The model, as `project.name`' }),
  target_schema: Type.Optional(Type.String()),
  target_table: Type.String({ description: 'The relation the model builds, as `project.schema.name`' }),
  last_seen_at: Type.Optional(Instant),
});
export type MacroImpactModel = Static<typeof MacroImpactModelSchema>;

const Impacted = Type.Optional(Type.Array(MacroImpactModelSchema));
export const MacroRevisionDiffSchema = Type.Object({
  macro_name: Type.String(),
  from_version: Version,
  to_version: Version,
  from_content_hash: ContentHash,
  to_content_hash: ContentHash,
  changed: Type.Boolean(),
  parameters_changed: Type.Boolean(),
  body_changed: Type.Boolean(),
  description_changed: Type.Boolean(),
  status_changed: Type.Boolean(),
  from_parameters: Type.Optional(Type.Array(Type.String())),
  to_parameters: Type.Optional(Type.Array(Type.String())),
  from_body: Type.String(),
  to_body: Type.String(),
  from_description: Type.String(),
  to_description: Type.String(),
  from_status: Type.Optional(StatusSchema),
  to_status: Type.Optional(StatusSchema),
  impact_changed: Type.Boolean({ description: 'Whether the models the macro reached differ between the two revisions' }),
  impacted_models_added: Impacted,
  impacted_models_removed: Impacted,
  impacted_models_unchanged: Impacted,
});
export type MacroRevisionDiff = Static<typeof MacroRevisionDiffSchema>;
