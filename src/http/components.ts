// Named schemas. Each is registered once under its name, with the app (app.addSchema, so the serializers and
// the OpenAPI document know it) and with every validator, and routes refer to it by `$ref`: the document lists
// it in components/schemas, so a client generated from the document gets one named type for it, shared by
// every operation that sends or answers it.
// Components are module-level constants: buildApp registers what exists when it runs, so one made later
// would be a `$ref` nothing resolves (Fastify refuses such a route at start).
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A reference to a named schema, typed as the schema it names. */
export type Named<T extends TSchema> = TUnsafe<Static<T>>;

/** PascalCase, so generated clients can use it as a type name unchanged. */
const COMPONENT_NAME = /^[A-Z][A-Za-z0-9]*$/;

const registered = new Map<string, TSchema>();

export interface ComponentOptions<T extends TSchema> {
  /** Values the schema accepts, shown as the example of a request body it is (a test checks each is valid). */
  examples?: Static<T>[];
}

export function component<T extends TSchema>(name: string, schema: T, options: ComponentOptions<T> = {}): Named<T> {
  if (!COMPONENT_NAME.test(name)) throw new Error(`component name ${name} is not PascalCase`);
  if (registered.has(name)) throw new Error(`component ${name} is defined twice`);
  registered.set(name, { ...schema, $id: name, ...(options.examples ? { examples: options.examples } : {}) });
  return Type.Unsafe<Static<T>>(Type.Ref(name));
}

/** The reference, saying what this response is: it becomes the OpenAPI response's description. */
export function described<T extends TSchema>(ref: T, description: string): T {
  return { ...ref, description };
}

/** An empty reply (204), saying what it means. */
export function noContent(description: string) {
  return Type.Null({ description });
}

/** Every named schema, each with its `$id`. */
export function componentSchemas(): TSchema[] {
  return [...registered.values()];
}
