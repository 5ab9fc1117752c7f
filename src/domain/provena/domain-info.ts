// Provena's domain info per subtype: what create, update and validate bodies carry (RegistryModels.py).
// Top-level unknown fields are dropped (pydantic ignores them); the dataset's collection_format is strict.
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { StringMap } from '../free-form.js';
import { USAGE_TYPES } from '../registry-schemas.js';
import { CollectionFormatSchema } from './collection-format.js';
import type { ProvenaSubtype } from './subtypes.js';

const HttpUrl = (description: string) => Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+', maxLength: 65536, description });
const Str = Type.String();
// Fields runledger's own view of the item requires non-empty (registry-schemas.ts): one store serves both views,
// so Provena's writes refuse an empty string there too, where pydantic would take it.
const Named = Type.String({ minLength: 1 });

function domainInfo<P extends TProperties>(properties: P, description: string) {
  return Type.Object(
    { display_name: Named, user_metadata: Type.Optional(StringMap('Free-form string key/value pairs')), ...properties },
    { additionalProperties: false, description },
  );
}

const UsageType = Type.Union(USAGE_TYPES.map((v) => Type.Literal(v)));
const resourceFields = {
  description: Str,
  usage_type: UsageType,
  optional: Type.Optional(Type.Boolean()),
  is_folder: Type.Optional(Type.Boolean()),
  additional_metadata: Type.Optional(StringMap('Extra metadata of the resource')),
};
const DefinedResource = Type.Object({ path: Named, ...resourceFields }, { additionalProperties: false });
const DeferredResource = Type.Object({ key: Named, ...resourceFields }, { additionalProperties: false });
const TemplateResource = Type.Object({ template_id: Named, optional: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const S3Location = Type.Object({ bucket_name: Str, path: Str, s3_uri: Str }, { additionalProperties: false });
export const RELEASE_STATUSES = ['NOT_RELEASED', 'PENDING', 'RELEASED'] as const;
const ReleaseStatus = Type.Union(RELEASE_STATUSES.map((v) => Type.Literal(v)));

export const OrganisationInfoSchema = domainInfo({ name: Named, ror: Type.Optional(HttpUrl('ROR URL')) }, 'Organisation domain info');
export const PersonInfoSchema = domainInfo(
  {
    email: Type.String({ format: 'email' }),
    first_name: Named,
    last_name: Named,
    orcid: Type.Optional(HttpUrl('ORCID URL')),
    ethics_approved: Type.Optional(Type.Boolean({ default: false })),
  },
  'Person domain info',
);
export const ModelInfoSchema = domainInfo(
  { name: Named, description: Str, documentation_url: HttpUrl('Documentation'), source_url: HttpUrl('Source code') },
  'Model domain info',
);
export const WorkflowTemplateInfoSchema = domainInfo(
  {
    software_id: Named,
    input_templates: Type.Optional(Type.Array(TemplateResource, { default: [] })),
    output_templates: Type.Optional(Type.Array(TemplateResource, { default: [] })),
    annotations: Type.Optional(
      Type.Object(
        { required: Type.Optional(Type.Array(Named, { default: [] })), optional: Type.Optional(Type.Array(Named, { default: [] })) },
        { additionalProperties: false },
      ),
    ),
  },
  'Model run workflow template domain info',
);
export const DatasetTemplateInfoSchema = domainInfo(
  {
    description: Type.Optional(Str),
    defined_resources: Type.Optional(Type.Array(DefinedResource, { default: [] })),
    deferred_resources: Type.Optional(Type.Array(DeferredResource, { default: [] })),
  },
  'Dataset template domain info',
);
export const StudyInfoSchema = domainInfo({ title: Named, description: Str, study_alternative_id: Type.Optional(Str) }, 'Study domain info');
export const DatasetInfoSchema = domainInfo(
  {
    collection_format: CollectionFormatSchema,
    s3: S3Location,
    release_status: ReleaseStatus,
    release_history: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { default: [] })),
    release_approver: Type.Optional(Str),
    release_timestamp: Type.Optional(Type.Integer()),
    access_info_uri: Type.Optional(Str),
  },
  'Dataset domain info (written through the data store)',
);
export const CreateInfoSchema = domainInfo({ created_item_id: Str }, 'Create activity domain info');
export const VersionInfoSchema = domainInfo(
  { reason: Str, from_item_id: Str, to_item_id: Str, new_version_number: Type.Integer() },
  'Version activity domain info',
);
export const ModelRunInfoSchema = domainInfo(
  {
    record_status: Type.Union([Type.Literal('INCOMPLETE'), Type.Literal('COMPLETE'), Type.Literal('LODGED')]),
    record: Type.Record(Type.String(), Type.Unknown()),
    prov_serialisation: Str,
  },
  'Model run domain info',
);

export const DOMAIN_INFO_SCHEMAS: Record<ProvenaSubtype, TObject> = {
  ORGANISATION: OrganisationInfoSchema,
  PERSON: PersonInfoSchema,
  MODEL: ModelInfoSchema,
  MODEL_RUN_WORKFLOW_TEMPLATE: WorkflowTemplateInfoSchema,
  DATASET_TEMPLATE: DatasetTemplateInfoSchema,
  DATASET: DatasetInfoSchema,
  STUDY: StudyInfoSchema,
  CREATE: CreateInfoSchema,
  VERSION: VersionInfoSchema,
  MODEL_RUN: ModelRunInfoSchema,
};

export type DomainInfo = { display_name: string } & Record<string, unknown>;
export type WorkflowTemplateInfo = Static<typeof WorkflowTemplateInfoSchema>;
export type DatasetTemplateInfo = Static<typeof DatasetTemplateInfoSchema>;

/** Duplicates pydantic's model validators reject (→ 422), as [field, message]; undefined when none. */
export function modelValidatorFault(subtype: ProvenaSubtype, body: DomainInfo): [string, string] | undefined {
  const duplicate = (values: string[]) => values.find((v, i) => values.indexOf(v) !== i);
  if (subtype === 'MODEL_RUN_WORKFLOW_TEMPLATE') {
    const w = body as WorkflowTemplateInfo;
    for (const side of ['input_templates', 'output_templates'] as const) {
      const dup = duplicate((w[side] ?? []).map((t) => t.template_id));
      if (dup) return [side, `Duplicate template_id "${dup}" in ${side}`];
    }
    const dup = duplicate([...(w.annotations?.required ?? []), ...(w.annotations?.optional ?? [])]);
    if (dup) return ['annotations', `Annotation key "${dup}" is listed twice`];
  }
  if (subtype === 'DATASET_TEMPLATE') {
    const dup = duplicate(((body as DatasetTemplateInfo).deferred_resources ?? []).map((r) => r.key));
    if (dup) return ['deferred_resources', `Duplicate deferred resource key "${dup}"`];
  }
  return undefined;
}

export interface TypedReference {
  field: string;
  id: string;
  subtype: ProvenaSubtype;
}

/** Ids a domain info names that must be complete items of a given subtype (Provena's custom validation). */
export function referencesOfInfo(subtype: ProvenaSubtype, body: DomainInfo): TypedReference[] {
  if (subtype === 'MODEL_RUN_WORKFLOW_TEMPLATE') {
    const w = body as WorkflowTemplateInfo;
    return [
      { field: 'software_id', id: w.software_id, subtype: 'MODEL' },
      ...[...(w.input_templates ?? []), ...(w.output_templates ?? [])].map((t) => ({ field: 'template_id', id: t.template_id, subtype: 'DATASET_TEMPLATE' as const })),
    ];
  }
  return [];
}
