// Rules on registry items beyond their schemas: the ids they name and their internal consistency.
import { Errors, fail } from './errors.js';
import type { RegistryBodies, RegistryKind } from './registry-schemas.js';

export interface ItemReference {
  field: string;
  id: string;
  kind: RegistryKind;
}

export function referencesOf<K extends RegistryKind>(kind: K, body: RegistryBodies[K]): ItemReference[] {
  if (kind === 'workflow-templates') {
    const workflow = body as RegistryBodies['workflow-templates'];
    return [
      { field: 'software_id', id: workflow.software_id, kind: 'models' },
      ...workflow.input_templates.map((t, i) => ({ field: `input_templates[${i}].template_id`, id: t.template_id, kind: 'dataset-templates' as const })),
      ...workflow.output_templates.map((t, i) => ({ field: `output_templates[${i}].template_id`, id: t.template_id, kind: 'dataset-templates' as const })),
    ];
  }
  if (kind === 'datasets') {
    const publisher = (body as RegistryBodies['datasets']).publisher_id;
    return publisher ? [{ field: 'publisher_id', id: publisher, kind: 'organisations' }] : [];
  }
  return [];
}

export function checkItemConsistency<K extends RegistryKind>(kind: K, body: RegistryBodies[K]): void {
  if (kind !== 'dataset-templates') return;
  const seen = new Set<string>();
  for (const resource of (body as RegistryBodies['dataset-templates']).deferred_resources) {
    if (seen.has(resource.key)) fail(Errors.validation, `deferred_resources key "${resource.key}" is not unique`);
    seen.add(resource.key);
  }
}

export function checkReferences(references: ItemReference[], found: ReadonlyMap<string, RegistryKind>): void {
  for (const ref of references) {
    const kind = found.get(ref.id);
    if (kind === undefined) fail(Errors.referenceInvalid, `${ref.field} "${ref.id}" does not exist`);
    if (kind !== ref.kind) fail(Errors.referenceInvalid, `${ref.field} "${ref.id}" is a ${kind} item, not ${ref.kind}`);
  }
}
