// Route schemas compile when a route is first used, not when the server starts. Compiling every route's
// validators (Ajv) and response serializers (fast-json-stringify) up front was most of a start — seconds for
// the large Provena schemas — and a process serves few of its routes soon after starting, most never.
// `AppOptions.schemas: 'at-start'` compiles them all before listening, as a test does to prove every schema compiles.

export type SchemaCompilation = 'lazy' | 'at-start';

/**
 * A compiled function whose compilation waits for its first call. Ajv's validators report through an `errors`
 * property Fastify reads after the call, so it is carried over.
 */
export function compiledOnFirstCall<Args extends unknown[], Result, Errors = undefined>(
  compile: () => ((...args: Args) => Result) & { errors?: Errors },
): ((...args: Args) => Result) & { errors?: Errors } {
  let compiled: (((...args: Args) => Result) & { errors?: Errors }) | undefined;
  const lazy: ((...args: Args) => Result) & { errors?: Errors } = (...args: Args): Result => {
    compiled ??= compile();
    const result = compiled(...args);
    lazy.errors = compiled.errors;
    return result;
  };
  return lazy;
}
