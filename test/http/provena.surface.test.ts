// The behaviour every Provena service prefix shares: health, check-access, FastAPI's error bodies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer } from '../helpers/provena-jobs.js';
import { assertProvenaShape } from '../helpers/provena-schemas.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const SERVICES = ['/provena/prov', '/provena/jobs', '/provena/registry', '/provena/datastore'];

describe('Provena service prefixes', () => {
  it('answer the health route the client calls, with a bearer or without', async () => {
    for (const base of SERVICES) {
      for (const caller of ['anonymous', 'reader'] as const) {
        const res = await server.requestAs(caller, 'GET', `${base}/`);
        assert.equal(res.status, 200, base);
        assert.deepEqual(res.body, { message: 'Health check successful.' });
        assertProvenaShape(res.body, 'client-general', 'HealthCheckResponse');
      }
    }
  });

  // provenaclient sends every credential as a bearer token.
  it('say who the caller is per access level, and refuse a missing role with 401 as Provena does', async () => {
    const read = await server.request('GET', '/provena/prov/check-access/check-read-access', undefined, bearer(server, 'reader'));
    assert.equal(read.status, 200);
    assert.equal(read.body.username, 'api-key:test reader');
    assert.deepEqual(read.body.roles, ['entity-registry-read']);
    const jobs = await server.request('GET', '/provena/jobs/check-access/check-general-access', undefined, bearer(server, 'writer'));
    assert.deepEqual(jobs.body.roles, ['job-service-read', 'job-service-write']);

    const admin = await server.request('GET', '/provena/registry/check-access/check-admin-access', undefined, bearer(server, 'reader'));
    assert.equal(admin.status, 401);
    assert.equal(admin.headers.get('www-authenticate'), 'Bearer');
    assert.match(admin.body.detail, /don't have the correct role/);

    const anonymous = await server.requestAs('anonymous', 'GET', '/provena/prov/check-access/check-read-access');
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.body, { detail: 'Not authenticated' });
    const forged = await server.requestAs('anonymous', 'GET', '/provena/prov/check-access/check-read-access', undefined, {
      authorization: 'Bearer not-a-token',
    });
    assert.deepEqual([forged.status, forged.body], [401, { detail: 'Could not validate credentials' }]);
  });

  it('answer unknown paths and methods with FastAPI bodies, and leave runledger’s own 404 alone', async () => {
    const missing = await server.request('GET', '/provena/prov/no/such/route');
    assert.deepEqual([missing.status, missing.body], [404, { detail: 'Not Found' }]);
    const method = await server.request('DELETE', '/provena/jobs/');
    assert.deepEqual([method.status, method.body], [405, { detail: 'Method Not Allowed' }]);
    assert.equal(method.headers.get('allow'), 'GET, HEAD');
    const ours = await server.request('GET', '/no/such/route');
    assert.equal(ours.status, 404);
    assert.match(ours.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('document their errors as FastAPI bodies in the OpenAPI document', async () => {
    const doc = (await server.request('GET', '/openapi.json')).body;
    const op = doc.paths['/provena/prov/check-access/check-admin-access'].get;
    assert.ok(op.responses['401'].content['application/json'], 'FastAPI errors are application/json');
    assert.equal(op.responses['403'], undefined, 'Provena never answers 403');
    assert.ok(doc.components.schemas.FastapiError);
  });
});
