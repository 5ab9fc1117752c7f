// The OpenAPI document states what the server enforces and answers: errors as application/problem+json,
// the constraints services used to check alone, and 405 with Allow for a method a known path does not answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dereferenced } from '../helpers/openapi-quality.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let doc: any;
before(async () => {
  server = await startTestServer();
  doc = (await server.request('GET', '/openapi.json')).body;
});
after(() => server.close());

const operations = () =>
  Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, op })));
const requestSchema = (path: string, method = 'post') => dereferenced(doc, doc.paths[path][method].requestBody.content['application/json'].schema);
const queryParameter = (path: string, name: string) => doc.paths[path].get.parameters.find((p: any) => p.in === 'query' && p.name === name);

describe('the OpenAPI document', () => {
  it('documents every error as an RFC 9457 problem document (FastAPI\'s body under /provena), and describes every response', () => {
    for (const { label, op } of operations()) {
      // Provena's services answer as FastAPI does: {detail} as application/json, 422 for a bad query or body.
      const fastapi = label.split(' ')[1]!.startsWith('/provena/');
      const [media, schema] = fastapi ? ['application/json', 'FastapiError'] : ['application/problem+json', 'Problem'];
      for (const [status, response] of Object.entries<any>(op.responses)) {
        assert.notEqual(response.description, 'Default Response', `${label} ${status} is described`);
        if (Number(status) < 400) continue;
        assert.deepEqual(Object.keys(response.content ?? {}), [media], `${label} ${status}`);
        assert.equal(response.content[media].schema.$ref, `#/components/schemas/${schema}`);
      }
      for (const status of fastapi ? ['422', '429', '500'] : ['400', '429', '500']) assert.ok(op.responses[status], `${label} documents ${status}`);
      if (fastapi) assert.equal(op.responses['403'], undefined, `${label}: Provena refuses a missing role with 401`);
    }
    assert.ok(doc.paths['/registry/persons'].post.responses['415'], 'a route that reads a body documents 415');
    assert.ok(doc.paths['/registry/persons/{id}'].get.responses['401'], 'a secured route documents 401');
    assert.ok(doc.paths['/registry/persons/{id}'].get.responses['414'], 'a route with a path parameter documents 414');
  });

  it('names each operation once: operationIds are unique', () => {
    const ids = operations().flatMap(({ op }) => (op.operationId ? [op.operationId as string] : []));
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it('states the constraints the server enforces', () => {
    const depth = queryParameter('/explore/upstream', 'depth').schema;
    assert.equal(depth.minimum, 1);
    assert.equal(depth.maximum, 10);
    assert.deepEqual(queryParameter('/v1/model-runs', 'status').schema.anyOf.flatMap((s: any) => s.enum), [
      'PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELLED',
    ]);

    const pipelineRun = requestSchema('/api/v1/pipeline-run');
    assert.deepEqual(pipelineRun.required, ['name']);
    assert.deepEqual(pipelineRun.allOf, [{ oneOf: [{ required: ['stepRuns'] }, { required: ['step_runs'] }] }]);
    const step = pipelineRun.properties.stepRuns.items;
    assert.deepEqual(step.required, ['provider']);
    assert.deepEqual(step.properties.provider.required, ['name', 'invocation', 'inputs', 'outputs']);
    assert.deepEqual(requestSchema('/api/v1/run').anyOf, [{ required: ['slug'] }, { required: ['name'] }]);

    // Filled in with [] when absent, so not required of the client; always present in what is served.
    const template = requestSchema('/registry/dataset-templates');
    assert.deepEqual(template.required, ['display_name']);
    assert.deepEqual(template.properties.defined_resources.default, []);
    const served = dereferenced(doc, doc.paths['/registry/dataset-templates'].post.responses['201'].content['application/json'].schema);
    assert.ok(served.required.includes('defined_resources') && served.required.includes('deferred_resources'));
  });
});

describe('a method a known path does not answer', () => {
  it('is 405 with Allow, as a problem document, to any caller', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/health', 'GET, HEAD'],
      ['GET', '/model-runs/00000000-0000-7000-8000-000000000001/cancel', 'POST'],
      ['PUT', '/models/p/m', 'GET, HEAD, DELETE, PATCH'],
      ['POST', '/registry/model-runs', 'GET, HEAD'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await server.requestAs('anonymous', method, url);
      assert.equal(res.status, 405, `${method} ${url}`);
      assert.equal(res.headers.get('allow'), allow);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(res.body.error_code, 'RL_METHOD_NOT_ALLOWED');
      assert.ok(res.headers.get('x-ratelimit-limit'), 'counted by the rate limiter');
    }
    const unknown = await server.requestAs('reader', 'GET', '/no/such/route');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('allow'), null);
  });

  it('and a path the router cannot take is a problem document too', async () => {
    const badEncoding = await server.request('GET', '/registry/persons/%E2%82');
    assert.equal(badEncoding.status, 400);
    assert.match(badEncoding.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const longParam = await server.request('GET', `/registry/persons/${'a'.repeat(200)}`);
    assert.equal(longParam.status, 414);
    assert.equal(longParam.body.error_code, 'RL_PATH_PARAM_TOO_LONG');
  });
});
