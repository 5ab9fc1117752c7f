// The OpenAPI document is fit to generate clients from: every operation named by a unique operationId, every
// response described, every request body and 2xx JSON reply a named schema (so generated types have names),
// every request body with an example that its schema accepts, and a servers entry. The rules are stated in
// test/helpers/openapi-quality.ts; a route added without them fails here, named.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { operationsOf, qualityFaults, requestExamples, type Json } from '../helpers/openapi-quality.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let doc: Json;
before(async () => {
  server = await startTestServer();
  const res = await server.requestAs('anonymous', 'GET', '/openapi.json');
  assert.equal(res.status, 200);
  doc = res.body;
});
after(() => server.close());

const copy = (): Json => structuredClone(doc);

describe('the OpenAPI document, for client generators', () => {
  it('names, describes and gives named schemas and examples to every operation, and has servers', () => {
    assert.ok(operationsOf(doc).length > 100, 'every surface is documented');
    const faults = qualityFaults(doc);
    assert.deepEqual(faults, [], `${faults.length} fault(s):\n${faults.join('\n')}`);
  });

  it('has servers relative to where it was fetched, so it holds behind a proxy', () => {
    assert.deepEqual(doc.servers.map((s: Json) => s.url), ['/']);
  });

  it('shows each request body example on its media type, for viewers that do not read the schema’s', () => {
    const media = doc.paths['/registry/persons'].post.requestBody.content['application/json'];
    assert.deepEqual(media.example, doc.components.schemas.PersonInput.examples[0]);
  });

  it('gives examples that their schemas accept', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const examples = requestExamples(doc);
    assert.ok(examples.length >= 40, `${examples.length} request body examples`);
    const refused = examples.flatMap(({ label, schema, example }) => {
      const validate = ajv.compile({ ...schema, components: doc.components });
      return validate(example) ? [] : [`${label}: ${ajv.errorsText(validate.errors)}`];
    });
    assert.deepEqual(refused, []);
  });

  it('names each generated type after a component, never an inline shape', () => {
    // What the named types are called: the Models API keeps the DuckDB Data Platform's names.
    const names = Object.keys(doc.components.schemas);
    for (const name of ['ModelRun', 'PaginatedModelRuns', 'TriggerModelRunRequest', 'PersonInput', 'Person', 'PersonPage', 'Problem', 'TokenResponse']) {
      assert.ok(names.includes(name), name);
    }
    const list = doc.paths['/v1/model-runs'].get;
    assert.equal(list.operationId, 'listModelRuns');
    assert.equal(list.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/PaginatedModelRuns');
    const create = doc.paths['/registry/persons'].post;
    assert.equal(create.operationId, 'createPerson');
    assert.equal(create.requestBody.content['application/json'].schema.$ref, '#/components/schemas/PersonInput');
  });
});

describe('the rules themselves', () => {
  // Each rule, broken on a copy of the served document, is reported naming the operation.
  const faultsAfter = (breakIt: (d: Json) => void) => {
    const broken = copy();
    breakIt(broken);
    return qualityFaults(broken);
  };
  const createPerson = (d: Json) => d.paths['/registry/persons'].post;

  it('report a missing or repeated operationId', () => {
    assert.deepEqual(faultsAfter((d) => delete createPerson(d).operationId), ['POST /registry/persons (no operationId): no operationId']);
    assert.deepEqual(faultsAfter((d) => (createPerson(d).operationId = 'listPersons')), [
      'operationId listPersons names 2 operations: POST /registry/persons (listPersons); GET /registry/persons (listPersons)',
    ]);
    assert.deepEqual(faultsAfter((d) => (createPerson(d).operationId = 'Create_person')), [
      'POST /registry/persons (Create_person): operationId is not camelCase verb-noun',
    ]);
  });

  it('report a response described by its status alone', () => {
    assert.deepEqual(faultsAfter((d) => (createPerson(d).responses['201'].description = 'Created')), [
      'POST /registry/persons (createPerson): response 201 has no real description ("Created")',
    ]);
    assert.deepEqual(faultsAfter((d) => (createPerson(d).responses['400'].description = 'Default Response')), [
      'POST /registry/persons (createPerson): response 400 has no real description ("Default Response")',
    ]);
  });

  it('report an inline request body or 2xx reply, and a body without an example', () => {
    const inlined = faultsAfter((d) => {
      const media = createPerson(d).requestBody.content['application/json'];
      media.schema = d.components.schemas.PersonInput;
      delete media.example;
    });
    assert.deepEqual(inlined, [
      'POST /registry/persons (createPerson): request body application/json is an inline object, not a $ref to a named schema',
      'POST /registry/persons (createPerson): request body application/json has no example',
    ]);
    const withoutExamples = (d: Json) => {
      delete d.components.schemas.PersonInput.examples;
      delete createPerson(d).requestBody.content['application/json'].example;
      delete d.paths['/registry/persons/{id}'].put.requestBody.content['application/json'].example;
    };
    assert.deepEqual(faultsAfter(withoutExamples), [
      'POST /registry/persons (createPerson): request body application/json has no example',
      'PUT /registry/persons/{id} (replacePerson): request body application/json has no example',
    ]);
    assert.deepEqual(faultsAfter((d) => (createPerson(d).responses['201'].content['application/json'].schema = { type: 'object' })), [
      'POST /registry/persons (createPerson): response 201 application/json is an inline object, not a $ref to a named schema',
    ]);
  });

  it('report a document without servers', () => {
    assert.deepEqual(faultsAfter((d) => delete d.servers), ['the document has no servers']);
  });
});
