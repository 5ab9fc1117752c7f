// Provena's response models as JSON Schemas (test/fixtures/provena, derived from the pydantic models the
// client parses replies with). `assertProvenaShape(reply, 'registry-api', 'PersonFetchResponse')` fails
// with Ajv's reasons when a reply would not parse in provenaclient.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'provena');
const BASE = 'https://runledger.invalid/test/fixtures/provena/';

export type ProvenaSchemaFile =
  | 'shared'
  | 'provenance-api'
  | 'async-job-api'
  | 'registry-models'
  | 'registry-api'
  | 'data-store-api'
  | 'client-general';

const ajv = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(ajv);
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
}

const compiled = new Map<string, ValidateFunction>();

export function provenaValidator(file: ProvenaSchemaFile, model: string): ValidateFunction {
  const ref = `${BASE}${file}.schema.json#/definitions/${model}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no Provena model ${model} in ${file}.schema.json`);
    compiled.set(ref, validate);
  }
  return validate;
}

/** Asserts that `value` parses as Provena's `model`. */
export function assertProvenaShape(value: unknown, file: ProvenaSchemaFile, model: string): void {
  const validate = provenaValidator(file, model);
  assert.ok(validate(value), `reply is not a Provena ${model}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 600)}`);
}
