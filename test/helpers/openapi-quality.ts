// What a client generator needs of an OpenAPI document, as a list of faults, each naming its operation:
// - every operation has an operationId, camelCase of at least two words (verb then noun), unique in the document;
// - every response has a description that says more than the status's reason phrase ("OK", "Created") and is
//   not @fastify/swagger's "Default Response";
// - a request body, in every media type that carries a structure (JSON, a form, multipart), is exactly a `$ref`
//   to components/schemas, and has an example: on the media type, or `examples` on the component it names;
// - a 2xx response, in every JSON media type, is exactly a `$ref` to components/schemas;
// - the document has `servers`.
// Bodies of raw bytes (a file, protobuf) and text replies (CSV, an event stream) have no structure to name.
import { STATUS_CODES } from 'node:http';

export type Json = Record<string, any>;

const COMPONENT_REF = '#/components/schemas/';
const OPERATION_ID = /^[a-z]+(?:[A-Z0-9][a-z0-9]*)+$/;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export const isJsonMedia = (media: string) => /^application\/(?:[\w.-]+\+)?json$/.test(media);
const isStructuredMedia = (media: string) => isJsonMedia(media) || media === 'application/x-www-form-urlencoded' || media === 'multipart/form-data';

export interface Operation {
  label: string;
  method: string;
  path: string;
  op: Json;
}

export function operationsOf(doc: Json): Operation[] {
  return Object.entries<Json>(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries<Json>(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ label: `${method.toUpperCase()} ${path} (${op.operationId ?? 'no operationId'})`, method, path, op })),
  );
}

/** The component a schema is exactly a reference to, or why it is not one. */
function componentOf(doc: Json, schema: Json | undefined): { name: string } | { fault: string } {
  if (!schema) return { fault: 'has no schema' };
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { fault: `is an inline ${schema.type ?? 'schema'}, not a $ref to a named schema` };
  const extra = Object.keys(schema).filter((k) => k !== '$ref');
  if (extra.length > 0) return { fault: `is a $ref with other keywords beside it (${extra.join(', ')})` };
  if (!ref.startsWith(COMPONENT_REF)) return { fault: `refers to ${ref}, outside components/schemas` };
  const name = ref.slice(COMPONENT_REF.length);
  if (!doc.components?.schemas?.[name]) return { fault: `refers to ${name}, which components/schemas lacks` };
  return { name };
}

function hasExample(doc: Json, media: Json, component: string | undefined): boolean {
  if (media.example !== undefined) return true;
  if (media.examples && Object.keys(media.examples).length > 0) return true;
  const examples = component ? doc.components.schemas[component]?.examples : undefined;
  return Array.isArray(examples) && examples.length > 0;
}

export function qualityFaults(doc: Json): string[] {
  const faults: string[] = [];
  if (!Array.isArray(doc.servers) || doc.servers.length === 0 || !doc.servers.every((s: Json) => typeof s?.url === 'string')) {
    faults.push('the document has no servers');
  }
  const operations = operationsOf(doc);
  const byId = new Map<string, string[]>();
  for (const { label, op } of operations) {
    const id = op.operationId;
    if (typeof id !== 'string') faults.push(`${label}: no operationId`);
    else {
      if (!OPERATION_ID.test(id)) faults.push(`${label}: operationId is not camelCase verb-noun`);
      byId.set(id, [...(byId.get(id) ?? []), label]);
    }

    for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
      const description = typeof response.description === 'string' ? response.description.trim() : '';
      if (!description || description === 'Default Response' || description === STATUS_CODES[Number(status)]) {
        faults.push(`${label}: response ${status} has no real description (${JSON.stringify(response.description)})`);
      }
      if (!/^2\d\d$/.test(status)) continue;
      for (const [media, content] of Object.entries<Json>(response.content ?? {})) {
        if (!isJsonMedia(media)) continue;
        const named = componentOf(doc, content.schema);
        if ('fault' in named) faults.push(`${label}: response ${status} ${media} ${named.fault}`);
      }
    }

    const body = op.requestBody;
    if (!body) continue;
    const contents = Object.entries<Json>(body.content ?? {});
    if (contents.length === 0) faults.push(`${label}: request body has no content`);
    for (const [media, content] of contents) {
      if (!isStructuredMedia(media)) continue;
      const named = componentOf(doc, content.schema);
      if ('fault' in named) faults.push(`${label}: request body ${media} ${named.fault}`);
      if (!hasExample(doc, content, 'name' in named ? named.name : undefined)) faults.push(`${label}: request body ${media} has no example`);
    }
  }
  for (const [id, labels] of byId) if (labels.length > 1) faults.push(`operationId ${id} names ${labels.length} operations: ${labels.join('; ')}`);
  return faults;
}

/** The schema itself, or the component it is a reference to. */
export function dereferenced(doc: Json, schema: Json): Json {
  const ref: unknown = schema.$ref;
  return typeof ref === 'string' && ref.startsWith(COMPONENT_REF) ? doc.components.schemas[ref.slice(COMPONENT_REF.length)] : schema;
}

/** Each request body example with the schema it must fit, to check it with a validator. */
export function requestExamples(doc: Json): { label: string; schema: Json; example: unknown }[] {
  const found: { label: string; schema: Json; example: unknown }[] = [];
  for (const { label, op } of operationsOf(doc)) {
    for (const [media, content] of Object.entries<Json>(op.requestBody?.content ?? {})) {
      if (!isStructuredMedia(media) || !content.schema) continue;
      const ref: unknown = content.schema.$ref;
      const component = typeof ref === 'string' && ref.startsWith(COMPONENT_REF) ? doc.components.schemas[ref.slice(COMPONENT_REF.length)] : undefined;
      const examples = [
        ...(content.example !== undefined ? [content.example] : []),
        ...Object.values<Json>(content.examples ?? {}).map((e) => e.value),
        ...(Array.isArray(component?.examples) ? component.examples : []),
      ];
      for (const example of examples) found.push({ label: `${label} ${media}`, schema: content.schema, example });
    }
  }
  return found;
}
