// Walks every route of the OpenAPI document, so a route added later is checked without touching this file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

interface Operation {
  security?: Record<string, string[]>[];
}

const RANK = { reader: 1, writer: 2, admin: 3 } as const;
type Role = keyof typeof RANK;

function requiredRole(op: Operation): Role | undefined {
  if (!op.security || op.security.length === 0) return undefined;
  const roles = op.security.flatMap((requirement) => Object.values(requirement).flat());
  assert.ok(roles.length > 0, 'a secured operation names its role');
  return roles[0] as Role;
}

async function operations() {
  const doc = await server.request('GET', '/openapi.json');
  assert.equal(doc.status, 200);
  const ops: { method: string; path: string; url: string; role: Role | undefined }[] = [];
  for (const [path, item] of Object.entries<Record<string, Operation>>(doc.body.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-7000-8000-000000000001');
      ops.push({ method: method.toUpperCase(), path, url, role: requiredRole(op) });
    }
  }
  return ops;
}

describe('authorisation on every documented route', () => {
  it('documents security schemes and leaves only the open routes open', async () => {
    const doc = await server.request('GET', '/openapi.json');
    assert.deepEqual(Object.keys(doc.body.components.securitySchemes).sort(), ['OAuth2PasswordBearer', 'apiKeyHeader', 'bearerAuth']);
    const open = (await operations()).filter((o) => !o.role).map((o) => `${o.method} ${o.path}`);
    // Each Provena service's health route is open, as in Provena.
    const provenaHealth = ['datastore', 'jobs', 'prov', 'registry'].map((s) => `GET /provena/${s}/`);
    assert.deepEqual(open.sort(), ['GET /health', ...provenaHealth, 'GET /ready', 'POST /token'].sort());
  });

  it('401 without credentials, 403 below the role, neither with it', async () => {
    const ops = await operations();
    assert.ok(ops.length > 30, `walked ${ops.length} operations`);
    for (const op of ops) {
      const label = `${op.method} ${op.path}`;
      const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined;
      if (!op.role) {
        const res = await server.requestAs('anonymous', op.method, op.url, body);
        assert.ok(res.status !== 401 && res.status !== 403, `${label} is open`);
        continue;
      }
      // Provena's services answer as FastAPI does: {detail}, and 401 (never 403) for a missing role.
      const provena = op.path.startsWith('/provena/');
      const anonymous = await server.requestAs('anonymous', op.method, op.url, body);
      assert.equal(anonymous.status, 401, `${label} without credentials`);
      assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/, `${label} challenges`);
      if (provena) assert.equal(anonymous.body.detail, 'Not authenticated');
      else assert.equal(anonymous.body.error_code, 'RL_UNAUTHENTICATED');

      for (const caller of ['reader', 'writer', 'admin'] as const) {
        const res = await server.requestAs(caller, op.method, op.url, body);
        if (RANK[caller] < RANK[op.role]) {
          assert.equal(res.status, provena ? 401 : 403, `${label} as ${caller} needs ${op.role}`);
          assert.match(res.body.detail, provena ? /don't have the correct role/ : new RegExp(op.role));
        } else {
          assert.ok(![401, 403].includes(res.status), `${label} as ${caller}: got ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
  });

  it('answers unknown routes 404, and unknown methods on known paths 405, to any caller', async () => {
    for (const caller of ['anonymous', 'reader', 'writer'] as const) {
      const res = await server.requestAs(caller, 'GET', '/no/such/route');
      assert.equal(res.status, 404, caller);
      assert.equal(res.body.error_code, 'RL_ROUTE_NOT_FOUND');
    }
    const post = await server.requestAs('writer', 'POST', '/registry/model-runs', {});
    assert.equal(post.status, 405, 'model runs are written by register_complete only');
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });

  it('checks credentials before the body', async () => {
    const res = await server.requestAs('anonymous', 'POST', '/registry/persons', '{not json', { 'content-type': 'application/json' });
    assert.equal(res.status, 401);
  });

  it('serves the docs and the OpenAPI document without credentials', async () => {
    for (const url of ['/docs', '/openapi.json', '/health', '/ready']) {
      const res = await server.requestAs('anonymous', 'GET', url);
      assert.equal(res.status, 200, url);
    }
  });
});
