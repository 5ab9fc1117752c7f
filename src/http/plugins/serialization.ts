// Response serializers (fast-json-stringify), as Fastify's own compiler makes them, but handed only the named
// schemas a response refers to, and made once per distinct schema. Fastify's compiler hands every shared
// schema to every build, and fast-json-stringify checks each one it is given: with a hundred components and a
// few thousand responses (every route, every status) that alone took most of the start.
import type { FastifyInstance } from 'fastify';
import fastJson, { type AnySchema, type Schema } from 'fast-json-stringify';
import type { TSchema } from '@sinclair/typebox';
import { componentSchemas } from '../components.js';
import { compiledOnFirstCall } from './lazy-schemas.js';

type Serialize = (data: unknown) => string;

/** The `$id` a reference names: `Person`, `Problem#` and `Problem#/properties/x` all name a component. */
const idOf = (ref: string) => ref.split('#', 1)[0]!;

/** The components `schema` refers to, and those they refer to in turn, by `$id`. */
function referenced(schema: unknown, components: ReadonlyMap<string, TSchema>, found = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(schema)) for (const item of schema) referenced(item, components, found);
  else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key !== '$ref' || typeof value !== 'string') referenced(value, components, found);
      else {
        const component = components.get(idOf(value));
        if (!component || found.has(component.$id!)) continue;
        found.set(component.$id!, component);
        referenced(component, components, found);
      }
    }
  }
  return found;
}

export function installSerializers(app: FastifyInstance): void {
  const components = new Map(componentSchemas().map((schema) => [schema.$id!, schema]));
  // Keyed by the schema's JSON: most responses are `{ $ref: 'Problem' }` or another bare reference.
  const built = new Map<string, Serialize>();
  app.setSerializerCompiler(({ schema }) => {
    const key = JSON.stringify(schema);
    let serialize = built.get(key);
    if (!serialize) {
      // fast-json-stringify's schema types list each keyword; any JSON Schema object is one.
      const compile = () => fastJson(schema as AnySchema, { schema: Object.fromEntries(referenced(schema, components)) as Record<string, Schema> });
      serialize = app.schemaCompilation === 'lazy' ? compiledOnFirstCall(compile) : compile();
      built.set(key, serialize);
    }
    return serialize;
  });
}
