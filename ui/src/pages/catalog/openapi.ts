// The forms are drawn from the API's own description: the request body schema /openapi.json gives for
// POST /registry/{kind} and PUT /registry/{kind}/{id}. Fetched once per session; it only changes on deploy.
import { useQuery } from '@tanstack/react-query';
import type { RJSFSchema } from '@rjsf/utils';
import { api } from '../../api/client';
import type { RegistryKind } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonObject }> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation | undefined> | undefined>;
  components?: JsonObject;
}

export function useOpenApi() {
  return useQuery({ queryKey: ['openapi'], queryFn: () => api<OpenApiDoc>('/openapi.json'), staleTime: Infinity, gcTime: Infinity });
}

export type FormMode = 'create' | 'edit';

/** The JSON request body schema of an operation, every `$ref` resolved; undefined when the API has none. */
export function requestSchema(doc: OpenApiDoc, path: string, method: 'post' | 'put'): RJSFSchema | undefined {
  const schema = doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  return schema ? (resolve(schema, doc, new Set()) as RJSFSchema) : undefined;
}

export function registrySchema(doc: OpenApiDoc, kind: RegistryKind, mode: FormMode): RJSFSchema | undefined {
  return mode === 'create' ? requestSchema(doc, `/registry/${kind}`, 'post') : requestSchema(doc, `/registry/${kind}/{id}`, 'put');
}

/** The schema's description of the kind, for the catalog's index. */
export function kindDescription(doc: OpenApiDoc, kind: RegistryKind): string | undefined {
  const description = registrySchema(doc, kind, 'create')?.description;
  return typeof description === 'string' ? description : undefined;
}

function lookup(doc: OpenApiDoc, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`cannot resolve ${ref}: only references into this document are followed`);
  let at: Json = doc as unknown as JsonObject;
  for (const part of ref.slice(2).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !(part in at)) throw new Error(`cannot resolve ${ref}`);
    at = at[part]!;
  }
  return at;
}

/** Inlines references; drops vendor keywords (`x-…`), which the browser's validator does not know. */
function resolve(node: Json, doc: OpenApiDoc, seen: Set<string>): Json {
  if (Array.isArray(node)) return node.map((n) => resolve(n, doc, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref)) throw new Error(`${ref} refers to itself; a form cannot be drawn for it`);
    return resolve(lookup(doc, ref), doc, new Set([...seen, ref]));
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) continue;
    // Under `properties` the keys are field names, not keywords: keep them all.
    out[key] = NAMED_SCHEMAS.has(key) && isObject(value) ? mapValues(value, (v) => resolve(v, doc, seen)) : resolve(value, doc, seen);
  }
  return out;
}

const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);
const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const mapValues = (o: JsonObject, f: (v: Json) => Json): JsonObject => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
