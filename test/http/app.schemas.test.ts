// Route schemas compile on first use by default, so a start does not pay for every route; compiled all at start,
// every schema of every route must compile. A broken schema shows when each mode meets it.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import type { SchemaCompilation } from '../../src/http/plugins/lazy-schemas.js';
import { silentLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createAuthenticator } from '../../src/services/auth/authenticate.js';
import { createTokenIssuer } from '../../src/services/auth/tokens.js';

let runtime: Runtime;
let dataDir: string;

before(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-schemas-'));
  // The app's schemas are the same whatever the store: the embedded one, in memory, is enough here.
  const { DATABASE_URL: _unused, ...env } = process.env;
  runtime = await openRuntime(loadConfig({ ...env, RUNLEDGER_DATA_DIR: dataDir }), { store: { embeddedDir: 'memory://' } });
});

after(async () => {
  await runtime.store.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function appWith(schemas: SchemaCompilation): Promise<FastifyInstance> {
  const tokens = await createTokenIssuer(runtime.store.db, 60);
  return buildApp({
    ctx: runtime.ctx,
    authenticator: createAuthenticator(runtime.store.db, tokens, undefined),
    tokens,
    loginLimits: { perUsername: 0, perIp: 0, windowSeconds: 60 },
    rateLimit: { perMinute: 0, namespace: 'schemas-test:' },
    checkStore: () => runtime.store.check(),
    runs: { warehouse: runtime.warehouse },
    data: { warehouse: runtime.warehouse, uploadLimit: 1024, queryRowLimit: 10 },
    bodyLimit: 1024 * 1024,
    uiDir: path.join(dataDir, 'no-ui'),
    eventsPollMs: 1000,
    metrics: new Metrics({ db: runtime.store.db, poolUsage: () => runtime.store.poolUsage(), log: silentLogger() }),
    logger: false,
    schemas,
  });
}

/** A route whose body schema refers to a schema nobody added: it cannot compile. */
function addBrokenRoute(app: FastifyInstance): void {
  app.post('/broken', {
    schema: { body: { $ref: 'NoSuchSchema#' } },
    config: { access: 'public' },
    handler: async () => ({ ok: true }),
  });
}

describe('route schema compilation', () => {
  it('compiles every schema of every route when asked to at start', async () => {
    const app = await appWith('at-start');
    await app.ready();
    assert.ok(app.hasRoute({ method: 'GET', url: '/model-runs' }), 'the whole API is registered');
    await app.close();
  });

  it('fails the start at a schema that does not compile, when compiling at start', async () => {
    const app = await appWith('at-start');
    addBrokenRoute(app);
    await assert.rejects(async () => app.ready(), /NoSuchSchema/);
    await app.close().catch(() => undefined);
  });

  it('compiles on first use by default: the start succeeds, the route using the broken schema answers 500', async () => {
    const app = await appWith('lazy');
    addBrokenRoute(app);
    await app.ready();
    const health = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    const broken = await app.inject({ method: 'POST', url: '/broken', payload: { a: 1 } });
    assert.equal(broken.statusCode, 500);
    // A route of the API validates as before: the lazily compiled validator reports what is wrong.
    const token = await app.inject({ method: 'POST', url: '/token', payload: 'grant_type=password', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(token.statusCode, 400);
    assert.match(token.body, /username/);
    await app.close();
  });
});
