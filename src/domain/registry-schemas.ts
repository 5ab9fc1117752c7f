// Registry item shapes, with Provena's field names so Provena clients can send the same JSON.
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { StringMap } from './free-form.js';

const NonEmpty = Type.String({ minLength: 1 });
const OptionalMetadata = Type.Optional(StringMap('Free-form string key/value pairs'));

function item<P extends TProperties>(properties: P, description: string) {
  return Type.Object(
    { display_name: NonEmpty, user_metadata: OptionalMetadata, ...properties },
    { additionalProperties: false, description },
  );
}

export const USAGE_TYPES = ['PARAMETER_FILE', 'CONFIG_FILE', 'FORCING_DATA', 'GENERAL_DATA'] as const;
const UsageType = Type.Union(USAGE_TYPES.map((value) => Type.Literal(value)));

const DefinedResource = Type.Object(
  {
    path: NonEmpty,
    description: Type.String(),
    usage_type: UsageType,
    optional: Type.Optional(Type.Boolean({ default: false })),
    is_folder: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
const DeferredResource = Type.Object(
  {
    key: NonEmpty,
    description: Type.String(),
    usage_type: UsageType,
    optional: Type.Optional(Type.Boolean({ default: false })),
    is_folder: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
const TemplateResource = Type.Object(
  { template_id: NonEmpty, optional: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

export const PersonSchema = item(
  {
    email: Type.String({ format: 'email' }),
    first_name: NonEmpty,
    last_name: NonEmpty,
    orcid: Type.Optional(Type.String()),
    ethics_approved: Type.Optional(Type.Boolean({ default: false })),
  },
  'A person (PROV agent)',
);
export const OrganisationSchema = item({ name: NonEmpty, ror: Type.Optional(Type.String()) }, 'An organisation (PROV agent)');
export const ModelSchema = item(
  { name: NonEmpty, description: Type.String(), documentation_url: Type.String(), source_url: Type.String() },
  'A model: the software a run executes (PROV entity)',
);
export const StudySchema = item(
  { title: NonEmpty, description: Type.String(), study_alternative_id: Type.Optional(Type.String()) },
  'A study that informs runs',
);
export const DatasetTemplateSchema = item(
  {
    description: Type.Optional(Type.String()),
    defined_resources: Type.Array(DefinedResource, { default: [] }),
    deferred_resources: Type.Array(DeferredResource, { default: [] }),
  },
  'The resources a dataset used or produced by a workflow must have',
);
export const WorkflowTemplateSchema = item(
  {
    software_id: NonEmpty,
    input_templates: Type.Array(TemplateResource, { default: [] }),
    output_templates: Type.Array(TemplateResource, { default: [] }),
    annotations: Type.Optional(
      Type.Object(
        { required: Type.Array(NonEmpty, { default: [] }), optional: Type.Array(NonEmpty, { default: [] }) },
        { additionalProperties: false },
      ),
    ),
  },
  'A workflow: a model with the dataset templates it consumes and produces',
);
export const DatasetSchema = item(
  {
    description: Type.Optional(Type.String()),
    uri: Type.Optional(Type.String()),
    publisher_id: Type.Optional(NonEmpty),
    created_date: Type.Optional(Type.String({ format: 'date' })),
    license: Type.Optional(Type.String()),
  },
  'A dataset (PROV entity)',
);

export type Person = Static<typeof PersonSchema>;
export type Organisation = Static<typeof OrganisationSchema>;
export type Model = Static<typeof ModelSchema>;
export type Study = Static<typeof StudySchema>;
export type DatasetTemplate = Static<typeof DatasetTemplateSchema>;
export type WorkflowTemplate = Static<typeof WorkflowTemplateSchema>;
export type Dataset = Static<typeof DatasetSchema>;

/** Writable registry kinds, as they appear in `/registry/{kind}`. */
export const REGISTRY_KINDS = {
  persons: PersonSchema,
  organisations: OrganisationSchema,
  models: ModelSchema,
  studies: StudySchema,
  'dataset-templates': DatasetTemplateSchema,
  'workflow-templates': WorkflowTemplateSchema,
  datasets: DatasetSchema,
} as const satisfies Record<string, TObject>;

export type RegistryKind = keyof typeof REGISTRY_KINDS;
export const REGISTRY_KIND_NAMES = Object.keys(REGISTRY_KINDS) as RegistryKind[];

export interface RegistryBodies {
  persons: Person;
  organisations: Organisation;
  models: Model;
  studies: Study;
  'dataset-templates': DatasetTemplate;
  'workflow-templates': WorkflowTemplate;
  datasets: Dataset;
}
