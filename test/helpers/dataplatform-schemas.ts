// The DuckDB Data Platform's API schemas as JSON Schemas (test/fixtures/dataplatform, derived from its OpenAPI
// files). `assertPlatformShape('Model', body)` fails with Ajv's reasons when a reply does not fit the shape the
// platform's clients decode.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dataplatform');

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
// OpenAPI's integer formats, which its Go clients decode into int32 and int64.
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });

/** Each schema name (they are unique across the files) and the `$id` of the file that defines it. */
const fileOf = new Map<string, string>();
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
  const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { $id: string; definitions: Record<string, unknown> };
  ajv.addSchema(schema);
  for (const name of Object.keys(schema.definitions)) fileOf.set(name, schema.$id);
}

export function platformValidator(name: string): ValidateFunction {
  const id = fileOf.get(name);
  if (!id) throw new Error(`no Data Platform schema named ${name}`);
  const validate = ajv.getSchema(`${id}#/definitions/${name}`);
  if (!validate) throw new Error(`Data Platform schema ${name} does not compile`);
  return validate;
}

/** Asserts that `body` is a valid Data Platform `name` (e.g. 'Model', 'ModelRun', 'Error'). */
export function assertPlatformShape(name: string, body: unknown): void {
  const validate = platformValidator(name);
  assert.ok(validate(body), `reply is not a Data Platform ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`);
}
