// The Models API under /v1, as the DuckDB Data Platform's OpenAPI names its paths, through the same handlers
// as runledger's unprefixed paths, which keep working; the document names each operation once, under /v1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** The platform's operations (internal/api/paths/models.yaml), by method and path under /v1. */
const PLATFORM_OPERATIONS: Record<string, string> = {
  'GET /v1/models': 'listModels',
  'POST /v1/models': 'createModel',
  'GET /v1/models/{projectName}/{modelName}': 'getModel',
  'PATCH /v1/models/{projectName}/{modelName}': 'updateModel',
  'DELETE /v1/models/{projectName}/{modelName}': 'deleteModel',
  'GET /v1/models/dag': 'getModelDAG',
  'POST /v1/model-runs': 'triggerModelRun',
  'GET /v1/model-runs': 'listModelRuns',
  'GET /v1/model-runs/{runId}': 'getModelRun',
  'GET /v1/model-runs/{runId}/steps': 'listModelRunSteps',
  'POST /v1/models/{projectName}/{modelName}/tests': 'createModelTest',
  'GET /v1/models/{projectName}/{modelName}/tests': 'listModelTests',
  'DELETE /v1/models/{projectName}/{modelName}/tests/{testId}': 'deleteModelTest',
  'GET /v1/model-runs/{runId}/steps/{stepId}/test-results': 'listModelTestResults',
  'POST /v1/model-runs/{runId}/cancel': 'cancelModelRun',
};

async function finished(runId: string) {
  return waitFor(async () => {
    const r = await server.request('GET', `/v1/model-runs/${runId}`);
    return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.body.status) ? r.body : undefined;
  }, 'the run to finish');
}

/** Asserts that a GET answers alike at /v1 and unprefixed: status, ETag and body. */
async function sameAtBothBases(path: string) {
  const [v1, bare] = await Promise.all([server.request('GET', `/v1${path}`), server.request('GET', path)]);
  assert.equal(v1.status, 200, `GET /v1${path}: ${JSON.stringify(v1.body)}`);
  assert.equal(bare.status, v1.status, path);
  assert.equal(bare.headers.get('etag'), v1.headers.get('etag'), path);
  assert.deepEqual(bare.body, v1.body, path);
  return v1.body;
}

describe('the Models API under /v1', () => {
  it('answers the same requests as the unprefixed paths, which it shares its data with', async () => {
    const created = await server.request('POST', '/v1/models', { project_name: 'v1', name: 'orders', sql: 'SELECT 1 AS id, 10 AS amount', materialization: 'TABLE' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const dependant = await server.request('POST', '/models', { project_name: 'v1', name: 'big', sql: 'SELECT * FROM orders WHERE amount > 5' });
    assert.equal(dependant.status, 201, JSON.stringify(dependant.body));
    const test = await server.request('POST', '/v1/models/v1/orders/tests', { name: 'id not null', test_type: 'not_null', column: 'id' });
    assert.equal(test.status, 201, JSON.stringify(test.body));

    const model = await sameAtBothBases('/models/v1/orders');
    assert.equal(model.id, created.body.id);
    assert.deepEqual((await sameAtBothBases('/models?project_name=v1')).data.map((m: { name: string }) => m.name).sort(), ['big', 'orders']);
    await sameAtBothBases('/models/dag?project_name=v1');
    assert.equal((await sameAtBothBases('/models/v1/orders/tests')).data[0].id, test.body.id);

    const triggered = await server.request('POST', '/v1/model-runs', { project_name: 'v1' });
    assert.equal(triggered.status, 201, JSON.stringify(triggered.body));
    assert.equal((await finished(triggered.body.id)).status, 'SUCCESS');
    await sameAtBothBases(`/model-runs/${triggered.body.id}`);
    const steps = (await sameAtBothBases(`/model-runs/${triggered.body.id}/steps`)).data;
    assert.equal(steps.length, 2);
    const ordersStep = steps.find((s: { model_name: string }) => s.model_name.endsWith('orders'));
    const results = (await sameAtBothBases(`/model-runs/${triggered.body.id}/steps/${ordersStep.id}/test-results`)).data;
    assert.equal(results[0].status, 'PASS');
    assert.ok((await sameAtBothBases('/model-runs?project_name=v1')).data.some((r: { id: string }) => r.id === triggered.body.id));

    // Writes through either base change the one model.
    const patched = await server.request('PATCH', '/v1/models/v1/big', { description: 'orders over 5' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((await sameAtBothBases('/models/v1/big')).description, 'orders over 5');
    assert.equal((await server.request('DELETE', `/v1/models/v1/orders/tests/${test.body.id}`)).status, 204);
    assert.deepEqual((await sameAtBothBases('/models/v1/orders/tests')).data, []);
    assert.equal((await server.request('DELETE', '/models/v1/big')).status, 204);
    assert.equal((await server.request('GET', '/v1/models/v1/big')).status, 404);
  });

  it('answers an unknown /v1 path with a problem+json 404, and a wrong method with 405', async () => {
    const unknown = await server.request('GET', '/v1/no-such-thing');
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(unknown.body.status, 404);
    assert.equal(unknown.body.error_code, 'RL_ROUTE_NOT_FOUND');
    assert.equal(unknown.body.detail, 'no route for GET /v1/no-such-thing');

    const wrongMethod = await server.request('PUT', '/v1/models/p/m');
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET, HEAD, DELETE, PATCH');
  });

  it('takes a bearer token and an X-API-Key, and refuses no credentials', async () => {
    assert.ok(server.credentials.admin.authorization?.startsWith('Bearer '));
    assert.equal((await server.requestAs('admin', 'GET', '/v1/models')).status, 200);
    assert.ok(server.credentials.reader['x-api-key']);
    assert.equal((await server.requestAs('reader', 'GET', '/v1/models')).status, 200);
    assert.equal((await server.requestAs('reader', 'POST', '/v1/models', { project_name: 'v1', name: 'x', sql: 'SELECT 1' })).status, 403);
    const anonymous = await server.requestAs('anonymous', 'GET', '/v1/model-runs');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error_code, 'RL_UNAUTHENTICATED');
  });

  it('is documented under /v1 alone, with the platform’s operationIds', async () => {
    const doc = (await server.request('GET', '/openapi.json')).body;
    const documented = new Map<string, string>();
    for (const [path, item] of Object.entries<Record<string, { operationId?: string }>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) if (op.operationId) documented.set(`${method.toUpperCase()} ${path}`, op.operationId);
    }
    for (const [operation, operationId] of Object.entries(PLATFORM_OPERATIONS)) assert.equal(documented.get(operation), operationId, operation);
    // The same operations answer without the prefix; only the /v1 paths are documented. (runledger's own
    // routes, such as POST /model-runs/batch, have no /v1 twin.)
    assert.ok(documented.has('GET /v1/model-runs'));
    const aliases = Object.keys(doc.paths).filter((p) => !p.startsWith('/v1/') && `/v1${p}` in doc.paths);
    assert.deepEqual(aliases, [], 'the unprefixed aliases are not documented');
  });
});
