// A 400's faults, placed beside the fields they name. A schema fault arrives in `errors[]` with its field
// ("defined_resources[0].path"); a rule the service checks arrives as a `detail` that starts with the field
// ('publisher_id "x" does not exist').
import type { ErrorSchema } from '@rjsf/utils';
import { ApiError } from '../../api/client';

export interface FieldFault {
  /** The field as segments: ["defined_resources", "0", "path"]; empty for the body as a whole. */
  path: string[];
  message: string;
}

/** "a[0].b", "/a/0/b" or "body.a" → ["a", "0", "b"]. */
export function splitPath(field: string): string[] {
  if (field === '(root)' || field === '') return [];
  const parts = field.startsWith('/') ? field.slice(1).split('/') : field.replace(/\[(\d+)\]/g, '.$1').split('.');
  return parts[0] === 'body' ? parts.slice(1) : parts;
}

function issuesOf(error: ApiError): { field: string; message: string }[] {
  const raw: unknown = error.problem.errors;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown) => {
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    const field = [e.field, e.path, e.instancePath].find((f): f is string => typeof f === 'string');
    const message = typeof e.message === 'string' ? e.message : undefined;
    return field !== undefined && message ? [{ field, message }] : [];
  });
}

const LEADING_FIELD = /^([A-Za-z_]\w*(?:\[\d+\])?(?:\.[A-Za-z_]\w*(?:\[\d+\])?)*)\s/;

/**
 * The fields a refusal names. `isField` says whether a leading word of a detail is a field of the form, so
 * that a sentence which merely starts with a word is not pinned to a field of that name.
 */
export function fieldFaults(error: unknown, isField: (path: string[]) => boolean): FieldFault[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const issues = issuesOf(error);
  if (issues.length > 0) return issues.map((i) => ({ path: splitPath(i.field), message: `${i.field} ${i.message}` }));
  const detail = error.problem.detail ?? '';
  const lead = LEADING_FIELD.exec(detail)?.[1];
  if (lead && isField(splitPath(lead))) return [{ path: splitPath(lead), message: detail }];
  return [];
}

type Node = { __errors?: string[]; [key: string]: Node | string[] | undefined };

/** The faults as RJSF's extraErrors, each under its field. */
export function toErrorSchema(faults: FieldFault[]): ErrorSchema {
  const root: Node = {};
  for (const fault of faults) {
    let at = root;
    for (const part of fault.path) {
      const next = at[part];
      at = next && !Array.isArray(next) ? next : (at[part] = {});
    }
    (at.__errors ??= []).push(fault.message);
  }
  return root as ErrorSchema;
}

/** Whether a path names a property the schema declares (array indices pass through `items`). */
export function schemaHasPath(schema: unknown, path: string[]): boolean {
  let at: unknown = schema;
  for (const part of path) {
    if (!at || typeof at !== 'object') return false;
    const node = at as { properties?: Record<string, unknown>; items?: unknown; additionalProperties?: unknown };
    if (/^\d+$/.test(part) && node.items) at = node.items;
    else if (node.properties && part in node.properties) at = node.properties[part];
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') at = node.additionalProperties;
    else return false;
  }
  return path.length > 0;
}

/** The id RJSF gives a field's input, for links from the summary. */
export function rjsfId(path: string[]): string {
  return ['root', ...path].join('_');
}
