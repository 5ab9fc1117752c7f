// fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document: values a schema accepts, and
// mutations of them that it (mostly) does not. Covers the keywords the runledger schemas use; a keyword it
// does not know generates loosely, which only makes a request more likely to be refused, never a false pass.
import fc from 'fast-check';

export type Schema = Record<string, any>;

export interface ArbitraryContext {
  /** The schema a `$ref` names. */
  resolve(ref: string): Schema;
  /** Strings the server has handed out under a property of this name (ids, names), to reach real items. */
  known(name: string): string[];
}

const MAX_ITEMS = 3;
const MAX_STRING = 24;

/** Exactly one (oneOf) or at least one (anyOf) of some properties, each branch requiring just one. */
function spellingGroups(schema: Schema): { names: string[] }[] {
  const choices = [schema.oneOf, schema.anyOf, ...(schema.allOf ?? []).flatMap((s: Schema) => [s.oneOf, s.anyOf])];
  return choices
    .filter((c): c is Schema[] => Array.isArray(c) && c.every((b) => Array.isArray(b.required) && Object.keys(b).length === 1))
    .map((c) => ({ names: c.map((b) => b.required[0] as string) }));
}

function stringArbitrary(schema: Schema, name: string | undefined, ctx: ArbitraryContext): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity);
  let generated: fc.Arbitrary<string>;
  if (schema.format === 'uuid') generated = fc.uuid();
  else if (schema.format === 'email') generated = fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.org$/);
  else if (schema.format === 'date-time') generated = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  else if (schema.format === 'date') generated = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (schema.pattern) generated = fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  else generated = fc.oneof({ arbitrary: fc.string({ minLength: min, maxLength: max }), weight: 4 }, { arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }), weight: 1 });
  const known = name ? ctx.known(name).filter(fits) : [];
  return known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
}

function numberArbitrary(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
  if (schema.type === 'integer') return fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number);
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectArbitrary(schema: Schema, ctx: ArbitraryContext): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const groups = spellingGroups(schema);
  const grouped = new Set(groups.flatMap((g) => g.names));
  const required = new Set<string>(schema.required ?? []);
  const plain = Object.keys(properties).filter((k) => !grouped.has(k));
  const record = fc.record(
    Object.fromEntries(plain.map((k) => [k, arbitraryOf(properties[k]!, ctx, k)])),
    { requiredKeys: plain.filter((k) => required.has(k)) },
  );
  // One spelling of each group, always present.
  const chosen = fc.tuple(
    ...groups.map((g) => fc.integer({ min: 0, max: g.names.length - 1 }).chain((i) => {
      const name = g.names[i]!;
      return arbitraryOf(properties[name] ?? {}, ctx, name).map((v) => [name, v] as const);
    })),
  );
  const extra = typeof schema.additionalProperties === 'object'
    ? fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), arbitraryOf(schema.additionalProperties, ctx), { maxKeys: 2 })
    : fc.constant({});
  return fc
    .tuple(record, chosen, extra)
    .map(([base, picks, more]) => ({ ...more, ...base, ...Object.fromEntries(picks) }) as Record<string, unknown>)
    .filter((o) => Object.keys(o).length >= (schema.minProperties ?? 0));
}

/** Values the schema accepts (as far as the keywords above go). `name` is the property it sits under. */
export function arbitraryOf(schema: Schema, ctx: ArbitraryContext, name?: string): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(ctx.resolve(schema.$ref), ctx, name);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const choice = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(choice) && !spellingGroups(schema).length) return fc.oneof(...choice.map((s: Schema) => arbitraryOf({ ...schema, anyOf: undefined, oneOf: undefined, ...s }, ctx, name)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t: string) => arbitraryOf({ ...schema, type: t }, ctx, name)));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema, name, ctx);
    case 'integer':
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}, ctx, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)),
      });
    case 'object':
      return objectArbitrary(schema, ctx);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values that are wrong for most schemas: other types, edge numbers, text PostgreSQL cannot store. */
export const oddValues: unknown[] = [
  null, true, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, '', ' ', 'x', '\u0000', '\ud800', 'é'.repeat(3000), '💥',
  '2024-02-30T00:00:00Z', '00000000-0000-0000-0000-000000000000', "' OR 1=1 --", [], [null], {}, { '': 1 }, { a: { b: { c: {} } } },
];

/** Text that is odd as a path segment or a query value (already percent-encoded where it must be). */
export const oddSegments: string[] = [
  '%00', '%20', 'x%2Fy', '%E2%82', '%ff', '-1', '0', '99999999999999999999', 'a'.repeat(2000), '%F0%9F%92%A5', "'%20OR%201=1",
  '00000000-0000-0000-0000-000000000000', 'NaN', 'true', '%5B%5D', '%7B%7D',
];

/** Every path to a value inside a JSON value, root first. */
export function pathsIn(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const paths = [at];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsIn(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths.push(...pathsIn(v, [...at, k]));
  return paths;
}

/** A copy of `value` with the value at `path` replaced (or deleted, when `replacement` is the symbol). */
export const DELETE = Symbol('delete');
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement === DELETE ? undefined : replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  if (rest.length === 0 && replacement === DELETE) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else {
    copy[head!] = replaceAt(copy[head!], rest, replacement);
  }
  return copy;
}
