// The catalog's kinds as /registry/{kind} names them, with the words the pages use for them.
import type { RegistryKind } from './types';

export interface KindInfo {
  /** Plural, for headings and links. */
  title: string;
  /** Singular, for "New …" and item headings. */
  one: string;
}

export const KINDS = {
  persons: { title: 'Persons', one: 'person' },
  organisations: { title: 'Organisations', one: 'organisation' },
  models: { title: 'Models', one: 'model' },
  studies: { title: 'Studies', one: 'study' },
  'dataset-templates': { title: 'Dataset templates', one: 'dataset template' },
  'workflow-templates': { title: 'Workflow templates', one: 'workflow template' },
  datasets: { title: 'Datasets', one: 'dataset' },
} as const satisfies Record<RegistryKind, KindInfo>;

export const EDITABLE_KINDS = Object.keys(KINDS) as RegistryKind[];

/** Lodged model runs: listed by the registry, written only through register_complete. */
export const MODEL_RUNS = 'model-runs';
export const MODEL_RUNS_INFO: KindInfo = { title: 'Registered model runs', one: 'registered model run' };

export type CatalogKind = RegistryKind | typeof MODEL_RUNS;

export function isEditableKind(kind: string): kind is RegistryKind {
  return kind in KINDS;
}

export function isCatalogKind(kind: string): kind is CatalogKind {
  return kind === MODEL_RUNS || isEditableKind(kind);
}

export function kindInfo(kind: CatalogKind): KindInfo {
  return kind === MODEL_RUNS ? MODEL_RUNS_INFO : KINDS[kind];
}

/** Fields that hold the id of another registry item, and the kind they name: shown as links, picked from lists. */
export const REFERENCE_FIELDS: Record<string, RegistryKind> = {
  software_id: 'models',
  publisher_id: 'organisations',
  template_id: 'dataset-templates',
  dataset_template_id: 'dataset-templates',
  dataset_id: 'datasets',
  workflow_template_id: 'workflow-templates',
  study_id: 'studies',
  modeller_id: 'persons',
  requesting_organisation_id: 'organisations',
};

const ACRONYMS: Record<string, string> = { url: 'URL', uri: 'URI', id: 'ID', orcid: 'ORCID', ror: 'ROR' };

/** `display_name` → "Display name", `documentation_url` → "Documentation URL", `software_id` → "Software". */
export function humanise(field: string): string {
  const words = field.replace(/_id$/, '').split('_').map((w) => ACRONYMS[w] ?? w);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "dataset template" → "Dataset template". */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
