// One error body, two readers: every runledger error decodes as an RFC 9457 problem document and as the DuckDB
// Data Platform's `Error` ({code, message}, internal/api/schemas/common.yaml), which its CLI and generated
// client decode. runledger's own code is `error_code`, one of the catalogue's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Static } from '@sinclair/typebox';
import { listErrorDefinitions } from '../../src/domain/errors.js';
import type { ProblemSchema } from '../../src/http/problem-schema.js';
import { assertPlatformShape } from '../helpers/dataplatform-schemas.js';
import { startTestServer, type Reply, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

/** The members RFC 9457 §3.1 defines, with the types it gives them; extension members are allowed (§3.2). */
const rfc9457 = new Ajv.default({ allErrors: true, strict: false });
addFormats.default(rfc9457);
const isProblemDocument = rfc9457.compile({
  type: 'object',
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    title: { type: 'string' },
    detail: { type: 'string' },
    instance: { type: 'string', format: 'uri-reference' },
  },
});

const catalogue = new Map(listErrorDefinitions().map((d) => [d.code, d]));

/** Decodes `reply` both ways and asserts both readings agree with the HTTP status and with each other. */
function assertBothShapes(reply: Reply<Static<typeof ProblemSchema>>, status: number, errorCode: string): void {
  const label = `${status} ${errorCode}: ${JSON.stringify(reply.body)}`;
  assert.equal(reply.status, status, label);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/problem\+json/, label);

  assert.ok(isProblemDocument(reply.body), `not an RFC 9457 problem document: ${rfc9457.errorsText(isProblemDocument.errors)}: ${label}`);
  assert.equal(reply.body.status, status, label);
  assert.equal(reply.body.type, `urn:runledger:problem:${errorCode}`, label);

  assertPlatformShape('Error', reply.body);
  assert.equal(reply.body.code, status, label);
  assert.equal(reply.body.message, reply.body.detail, label);

  assert.equal(reply.body.error_code, errorCode, label);
  assert.equal(catalogue.get(errorCode)?.status, status, `${errorCode} is the catalogue's, with its status`);
  assert.equal(reply.body.title, catalogue.get(errorCode)?.title, label);
}

describe('error bodies', () => {
  it('decode as a problem document and as the Data Platform’s Error, on the Models API', async () => {
    const model = { project_name: 'errors', name: 'orders', sql: 'SELECT 1 AS id' };
    const created = await server.request('POST', '/v1/models', model);
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const invalid = await server.request('POST', '/v1/models', { project_name: 'errors', name: 'no_sql' });
    assertBothShapes(invalid, 400, 'RL_VALIDATION');
    assert.deepEqual(invalid.body.errors, [{ field: 'sql', message: 'is required' }]);
    assertBothShapes(await server.request('POST', '/v1/models', { ...model, name: 'bad', sql: 'SELEC 1' }), 400, 'RL_SQL_INVALID');
    assertBothShapes(await server.requestAs('anonymous', 'GET', '/v1/models'), 401, 'RL_UNAUTHENTICATED');
    assertBothShapes(await server.requestAs('reader', 'POST', '/v1/models', model), 403, 'RL_FORBIDDEN');
    assertBothShapes(await server.request('GET', '/v1/models/errors/nope'), 404, 'RL_NOT_FOUND');
    assertBothShapes(await server.request('GET', '/v1/nope'), 404, 'RL_ROUTE_NOT_FOUND');
    assertBothShapes(await server.request('PUT', '/v1/models/errors/orders', model), 405, 'RL_METHOD_NOT_ALLOWED');
    assertBothShapes(await server.request('POST', '/v1/models', model), 409, 'RL_CONFLICT');
    assertBothShapes(await server.request('PATCH', '/v1/models/errors/orders', { description: 'x' }, { 'if-match': '"stale"' }), 412, 'RL_PRECONDITION_FAILED');
    assertBothShapes(await server.request('POST', '/v1/models', '<model/>', { 'content-type': 'application/xml' }), 415, 'RL_UNSUPPORTED_MEDIA_TYPE');
    // The unprefixed paths answer the same body.
    assertBothShapes(await server.request('GET', '/models/errors/nope'), 404, 'RL_NOT_FOUND');
  });

  it('decode both ways on runledger’s other problem+json surfaces too', async () => {
    assertBothShapes(await server.request('GET', '/registry/persons/nope'), 404, 'RL_NOT_FOUND');
    assertBothShapes(await server.request('POST', '/v1/traces', 'x', { 'content-type': 'text/plain' }), 415, 'RL_UNSUPPORTED_MEDIA_TYPE');
  });

  it('cut message to the platform’s 4096 characters, keeping the whole detail', async () => {
    const long = `/v1/${'a'.repeat(5000)}`;
    const reply = await server.request('GET', long);
    assert.equal(reply.body.detail, `no route for GET ${long}`);
    assert.equal(reply.body.message, reply.body.detail.slice(0, 4096));
    assertPlatformShape('Error', reply.body);
  });

  it('have the members docs/errors.md shows', async () => {
    const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc)![1]!);
    const reply = await server.request('GET', '/v1/models/errors/nope');
    assert.deepEqual(Object.keys(example), Object.keys(reply.body));
    assertPlatformShape('Error', example);
    assert.ok(isProblemDocument(example));
  });
});
