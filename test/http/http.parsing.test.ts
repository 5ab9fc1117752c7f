// Strict request parsing: duplicate keys, invalid UTF-8, prototype keys, paths that do not percent-decode, and
// bounded depth and width. Each refusal is a 400 problem document that stores nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { dereferenced } from '../helpers/openapi-quality.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const person = { display_name: 'Ada', email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace' };

async function post(url: string, body: string | Uint8Array | ReadableStream, extra: RequestInit = {}) {
  const res = await fetch(server.url + url, {
    method: 'POST',
    headers: { ...server.credentials.admin, 'content-type': 'application/json' },
    body,
    ...extra,
  } as RequestInit);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** Asserts a 400 problem document that stored nothing, and that an ordinary request still goes through. */
async function refused(send: () => Promise<{ status: number; headers: Headers; body: any }>, detail: RegExp) {
  const before = await countRows(server.ctx.db);
  const res = await send();
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.equal(res.body.error_code, 'RL_VALIDATION');
  assert.match(res.body.detail, detail);
  assert.deepEqual(await countRows(server.ctx.db), before);
  const ok = await server.request('POST', '/registry/persons', person);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  return res;
}

describe('duplicate keys', () => {
  it('refuses a key sent twice, naming it', async () => {
    const res = await refused(
      () => post('/registry/persons', '{"display_name":"A","email":"a@example.org","first_name":"A","last_name":"B","last_name":"C"}'),
      /^body has the key "last_name" more than once$/,
    );
    assert.deepEqual(res.body.errors, [{ field: '(root)', message: 'has the key "last_name" more than once' }]);
  });

  it('finds one deep inside a Gentrace step, however it is escaped', async () => {
    const text = JSON.stringify(runBody()).replace('"prompt":', '"prompt":"x","\\u0070rompt":');
    await refused(() => post('/api/v1/run', text), /^body\.stepRuns\[0\]\.inputs has the key "prompt" more than once$/);
  });
});

describe('prototype keys', () => {
  it('still refuses __proto__ and constructor.prototype, as Fastify does', async () => {
    await refused(() => post('/registry/persons', JSON.stringify(person).replace('{', '{"__proto__":{"admin":true},')), /not valid JSON/);
    await refused(
      () => post('/registry/persons', JSON.stringify(person).replace('{', '{"constructor":{"prototype":{"admin":true}},')),
      /not valid JSON/,
    );
  });
});

describe('UTF-8', () => {
  it('refuses invalid UTF-8 rather than storing U+FFFD', async () => {
    const [head, tail] = JSON.stringify(person).split('Lovelace');
    const body = Buffer.concat([Buffer.from(`${head}Love`), Buffer.from([0xff, 0xfe]), Buffer.from(`lace${tail}`)]);
    await refused(() => post('/registry/persons', body), /^body is not valid UTF-8$/);
    // An overlong encoding of "/" and a lone surrogate encoded as UTF-8 are not UTF-8 either.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const overlong = Buffer.concat([Buffer.from(`${head}`), Buffer.from(bad), Buffer.from(`${tail}`)]);
      await refused(() => post('/registry/persons', overlong), /not valid UTF-8/);
    }
  });

  it('keeps a character whose bytes arrive in two chunks', async () => {
    const bytes = Buffer.from(JSON.stringify({ ...person, last_name: 'Łovelace 日本' }));
    const cut = bytes.indexOf(Buffer.from('日')) + 1;
    const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const res = await post('/registry/persons', stream, { duplex: 'half' } as RequestInit);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.last_name, 'Łovelace 日本');
  });
});

describe('paths that do not percent-decode', () => {
  it('answer 400 problem+json with the rate-limit headers, to anyone', async () => {
    for (const caller of ['admin', 'anonymous'] as const) {
      for (const url of ['/registry/persons/%E0%A4%A', '/nowhere/%zz?x=1', '/health%E0']) {
        const res = await server.requestAs(caller, 'GET', url);
        assert.equal(res.status, 400, `${caller} ${url}: ${JSON.stringify(res.body)}`);
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.equal(res.body.error_code, 'RL_VALIDATION');
        assert.equal(res.body.detail, `path ${url.split('?')[0]} is not valid percent-encoded UTF-8`);
        assert.ok(res.headers.get('x-ratelimit-limit'), 'X-RateLimit-Limit');
        assert.ok(res.headers.get('x-ratelimit-remaining'), 'X-RateLimit-Remaining');
      }
    }
    await refused(() => server.request('PUT', '/registry/persons/%E0%A4%A', person), /is not valid percent-encoded/);
  });

  it('leave well-formed escapes alone', async () => {
    const created = await server.request('POST', '/registry/persons', person);
    const res = await server.request('GET', `/registry/persons/${created.body.id.replace('-', '%2D')}`);
    assert.equal(res.status, 200);
    const missing = await server.request('GET', '/registry/persons/%E6%97%A5');
    assert.equal(missing.status, 404);
    assert.equal((await server.request('GET', '/.malformed-path')).body.error_code, 'RL_ROUTE_NOT_FOUND');
  });
});

describe('depth and width', () => {
  it('refuses a body nested past 64 levels before building it', async () => {
    const text = JSON.stringify(runBody()).replace('"prompt":"question 0"', `"prompt":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    await refused(() => post('/api/v1/run', text), /^body\.stepRuns\[0\]\.inputs\.prompt(\[0\])+ nests deeper than 64 levels$/);
  });

  it('refuses an object of more than 10,000 keys before building it', async () => {
    const keys = Array.from({ length: 10_001 }, (_, i) => `"k${i}":0`).join(',');
    const text = JSON.stringify(runBody()).replace('"prompt":"question 0"', `"prompt":{${keys}}`);
    await refused(() => post('/api/v1/run', text), /^body\.stepRuns\[0\]\.inputs\.prompt has more than 10000 keys$/);
  });

  it('holds free-form fields to the limits their schema states', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 'v']));
    await refused(() => server.request('POST', '/registry/persons', { ...person, user_metadata: metadata }), /^body\.user_metadata must NOT have more than 1000 properties$/);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 33; i++) deep = { a: deep };
    const body = runBody({ stepRuns: [stepRun(0, { outputs: deep })] });
    await refused(() => server.request('POST', '/api/v1/run', body), /^body\.stepRuns\[0\]\.outputs must not nest more than 32 levels deep$/);
    // 32 levels, counting outputs itself, is allowed.
    const ok = await server.request('POST', '/api/v1/run', runBody({ stepRuns: [stepRun(0, { outputs: (deep as { a: unknown }).a })] }));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    const doc = (await server.request('GET', '/openapi.json')).body;
    const schema = (path: string) => dereferenced(doc, doc.paths[path].post.requestBody.content['application/json'].schema);
    const inputs = schema('/api/v1/run').properties.stepRuns.items.properties.inputs;
    assert.equal(inputs.maxProperties, 1000);
    assert.equal(inputs['x-max-depth'], 32);
    assert.equal(schema('/registry/persons').properties.user_metadata.maxProperties, 1000);
    assert.equal(schema('/model_run/register_complete').properties.annotations.maxProperties, 1000);
  });
});
