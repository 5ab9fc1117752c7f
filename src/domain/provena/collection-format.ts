// Provena's dataset metadata (CollectionFormat): every object forbids extra keys and every string is non-empty,
// as pydantic's extra="forbid" + str_min_length=1. `additionalProperties` is a schema (not `false`) so the
// lenient Provena validator reports an extra key as a 422 instead of dropping it.
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { StringMap } from '../free-form.js';

const Forbid = Type.Never();
const strict = <P extends TProperties>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: Forbid, ...(description ? { description } : {}) });
const Str = Type.String({ minLength: 1 });
const HttpUrl = Type.String({ minLength: 1, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+' });
const Flag = Type.Optional(Type.Boolean({ default: false }));
const Check = strict({ relevant: Flag, obtained: Flag });
const OptionalDate = strict({ relevant: Flag, value: Type.Optional(Type.String({ format: 'date' })) });

export const CollectionFormatSchema = strict(
  {
    associations: strict({ organisation_id: Str, data_custodian_id: Type.Optional(Str), point_of_contact: Type.Optional(Str) }),
    approvals: strict({ ethics_registration: Check, ethics_access: Check, indigenous_knowledge: Check, export_controls: Check }),
    dataset_info: strict({
      name: Str,
      description: Str,
      access_info: strict({ reposited: Type.Optional(Type.Boolean({ default: true })), uri: Type.Optional(HttpUrl), description: Type.Optional(Str) }),
      publisher_id: Str,
      created_date: OptionalDate,
      published_date: OptionalDate,
      license: HttpUrl,
      purpose: Type.Optional(Str),
      rights_holder: Type.Optional(Str),
      usage_limitations: Type.Optional(Str),
      preferred_citation: Type.Optional(Str),
      spatial_info: Type.Optional(
        strict({ coverage: Type.Optional(Type.String({ minLength: 1, maxLength: 50000 })), resolution: Type.Optional(Str), extent: Type.Optional(Type.String({ minLength: 1, maxLength: 50000 })) }),
      ),
      temporal_info: Type.Optional(
        strict({
          duration: Type.Optional(strict({ begin_date: Type.String({ format: 'date' }), end_date: Type.String({ format: 'date' }) })),
          resolution: Type.Optional(Str),
        }),
      ),
      formats: Type.Optional(Type.Array(Str)),
      keywords: Type.Optional(Type.Array(Str)),
      user_metadata: Type.Optional(StringMap('Free-form string key/value pairs')),
      version: Type.Optional(Str),
    }),
  },
  "Provena's dataset metadata (CollectionFormat)",
);
export type CollectionFormat = Static<typeof CollectionFormatSchema>;

/** pydantic's model validators on the metadata (→ 422), as [path, message]. */
export function collectionFormatFault(cf: CollectionFormat): [string[], string] | undefined {
  const info = cf.dataset_info;
  const access = info.access_info;
  if ((access.reposited ?? true) && (access.uri !== undefined || access.description !== undefined)) {
    return [['dataset_info', 'access_info'], 'A reposited dataset has no uri or description']; 
  }
  if (!(access.reposited ?? true) && (access.uri === undefined || access.description === undefined)) {
    return [['dataset_info', 'access_info'], 'A dataset that is not reposited needs a uri and a description'];
  }
  for (const field of ['created_date', 'published_date'] as const) {
    const d = info[field];
    if ((d.relevant ?? false) !== (d.value !== undefined)) return [['dataset_info', field], 'value must be given exactly when relevant is true'];
  }
  const duration = info.temporal_info?.duration;
  if (duration && duration.begin_date > duration.end_date) return [['dataset_info', 'temporal_info', 'duration'], 'begin_date must not be after end_date'];
  return undefined;
}

/** The data store's own checks (200 success:false "Failed field value validation…"). */
export function dataStoreFault(cf: CollectionFormat): string | undefined {
  for (const [name, check] of Object.entries(cf.approvals)) {
    if ((check.relevant ?? false) !== (check.obtained ?? false)) return `approval ${name}: obtained must equal relevant`;
  }
  const created = cf.dataset_info.created_date.value;
  const published = cf.dataset_info.published_date.value;
  if (created && published && published < created) return 'published_date must not be before created_date';
  return undefined;
}

/** Ids the metadata names, with the subtype each must be (complete). */
export function referencesOfCollection(cf: CollectionFormat): { field: string; id: string; subtype: 'ORGANISATION' | 'PERSON' }[] {
  const refs: { field: string; id: string; subtype: 'ORGANISATION' | 'PERSON' }[] = [
    { field: 'associations.organisation_id', id: cf.associations.organisation_id, subtype: 'ORGANISATION' },
    { field: 'dataset_info.publisher_id', id: cf.dataset_info.publisher_id, subtype: 'ORGANISATION' },
  ];
  if (cf.associations.data_custodian_id) refs.push({ field: 'associations.data_custodian_id', id: cf.associations.data_custodian_id, subtype: 'PERSON' });
  return refs;
}

/** Where Provena would put the dataset's files: `datasets/<handle with . and / as ->/`. */
export function s3LocationOf(bucket: string, handle: string) {
  const path = `datasets/${handle.replace(/[./]/g, '-')}/`;
  return { bucket_name: bucket, path, s3_uri: `s3://${bucket}/${path}` };
}
