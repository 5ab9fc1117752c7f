// Walks every operation of /openapi.json with requests generated from its own schemas, valid and not, and
// holds the server to the document: never a 5xx, only documented statuses, each body valid against the schema
// documented for its status and content type. Driven by the document alone, so a route added later is walked
// too. Seeded, so a failure replays: fast-check prints the seed and the path of the smallest failing case.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { nestedBody, runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { DELETE, arbitraryOf, oddSegments, oddValues, pathsIn, replaceAt, type ArbitraryContext, type Schema } from '../helpers/schema-arbitrary.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SEED = 20_240_501;
const VALID_RUNS = 6;
const INVALID_RUNS = 14;
// A backup copies the whole store, and takes no parameters or body the walk could vary: two calls of each
// kind show its answers as well as twenty.
const RUNS_OF: Record<string, { valid: number; invalid: number }> = { 'POST /admin/backup': { valid: 2, invalid: 2 } };
// A small body limit, so an oversized body is cheap to send.
const BODY_LIMIT = 64 * 1024;

let server: TestServer;
let doc: Schema;
before(async () => {
  server = await startTestServer({ env: { RUNLEDGER_BODY_LIMIT: String(BODY_LIMIT) } });
  doc = (await server.request('GET', '/openapi.json')).body;
});
after(() => server.close());

interface Operation {
  method: string;
  path: string;
  op: Schema;
}

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

// ---- the document as a validator -------------------------------------------------------------------------

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new WeakMap<Schema, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    // Refs in the document point at #/components; compiled beside them, they resolve.
    validate = ajv.compile({ ...schema, components: doc.components });
    validators.set(schema, validate);
  }
  return validate;
}

function resolve(ref: string): Schema {
  return ref.replace(/^#\//, '').split('/').reduce((node: Schema, key) => node[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
}

/** Holds one exchange to the operation's documented responses. */
function conform(operation: Operation, call: Call, status: number, type: string, text: string): void {
  const label = `${call.method} ${call.url.slice(0, 200)} ${call.body?.slice(0, 300) ?? ''} → ${status} ${text.slice(0, 400)}`;
  assert.ok(status < 500, `server error: ${label}`);
  const documented = operation.op.responses?.[String(status)] ?? operation.op.responses?.default;
  assert.ok(documented, `status ${status} is not documented for ${operation.method} ${operation.path}: ${label}`);
  if (!documented.content) {
    assert.equal(text, '', `no body is documented for ${status}: ${label}`);
    return;
  }
  const media = type.split(';')[0]!.trim().toLowerCase();
  const content = documented.content[media];
  assert.ok(content, `content type "${type}" is not documented for ${status} (${Object.keys(documented.content)}): ${label}`);
  const validate = validatorFor(content.schema);
  // A JSON body is checked as the value it encodes; any other (a CSV file) as the text it is.
  const value = /^application\/(.+\+)?json$/.test(media) ? JSON.parse(text) : text;
  assert.ok(validate(value), `body does not match the documented schema: ${ajv.errorsText(validate.errors)}: ${label}`);
}

// ---- what the server has handed out, to reach real items ------------------------------------------------

const known = new Map<string, Set<string>>();
/** Ids of the test's own credentials, which a generated DELETE or PATCH must not revoke or demote. */
const protectedIds = new Set<string>();

function remember(key: string, value: string): void {
  const values = known.get(key) ?? new Set<string>();
  if (values.size < 40) values.add(value);
  known.set(key, values);
}

/** What a reply names, under each property name, both everywhere and within the collection it came from. */
function harvest(value: unknown, scope: string, key?: string): void {
  if (typeof value === 'string' && key && !protectedIds.has(value)) {
    remember(key, value);
    remember(`${scope} ${key}`, value);
  } else if (Array.isArray(value)) value.forEach((v) => harvest(v, scope, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) harvest(v, scope, k);
}

/** The collection an operation's replies describe: /registry/persons for /registry/persons/{id} too. */
const scopeOf = (path: string) => path.replace(/\/\{[^}]+\}$/, '');
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const knownAs = (...keys: string[]) => [...new Set(keys.flatMap((k) => [...(known.get(k) ?? [])]))];

/** A field named like an id (software_id, starting_id) may name any item. */
const context: ArbitraryContext = { resolve, known: (name) => knownAs(name, snake(name), ...(/(_id|Id)$/.test(name) ? ['id'] : [])) };

/** A path parameter reaches real items through what its collection handed out: its own name, or an id. */
function pathContext(path: string): ArbitraryContext {
  return {
    resolve,
    known: (name) => {
      const scope = path.slice(0, path.indexOf(`/{${name}}`));
      for (const keys of [[`${scope} ${name}`, `${scope} ${snake(name)}`], [`${scope} id`], [name, snake(name)], ['id']]) {
        const values = knownAs(...keys);
        if (values.length > 0) return values;
      }
      return [];
    },
  };
}

// ---- requests --------------------------------------------------------------------------------------------

type Caller = 'admin' | 'writer' | 'reader' | 'anonymous' | 'forged';

interface Request {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  caller: Caller;
  /** Raw text and content type, sent instead of the body. */
  raw?: { text: string; type: string };
}

function parametersOf(op: Schema, where: 'path' | 'query'): Schema[] {
  return (op.parameters ?? []).filter((p: Schema) => p.in === where);
}

function bodySchemaOf(op: Schema): { type: string; schema: Schema } | undefined {
  const content = op.requestBody?.content;
  if (!content) return undefined;
  const type = Object.keys(content)[0]!;
  return { type, schema: content[type].schema };
}

function validRequest({ path: template, op }: Operation): fc.Arbitrary<Request> {
  const pathArbitraries = parametersOf(op, 'path').map((p) => [p.name, arbitraryOf(p.schema, pathContext(template), p.name).map(String)]);
  const path = fc.record(Object.fromEntries(pathArbitraries));
  const queryParams = parametersOf(op, 'query');
  const query = fc.record<Record<string, unknown>>(
    Object.fromEntries(queryParams.map((p) => [p.name, arbitraryOf(p.schema, context, p.name)])),
    { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name as string) },
  ) as fc.Arbitrary<Record<string, unknown>>;
  const body = bodySchemaOf(op);
  return fc.record({
    path,
    query,
    body: body ? arbitraryOf(body.schema, context) : fc.constant(undefined),
    caller: fc.constant<Caller>('admin'),
  });
}

// Node's HTTP parser refuses (431) more than 16 KiB of request line and headers before any route sees them.
const shortOddValues = oddValues.filter((v) => typeof v !== 'object' && String(v).length < 1000);

/** A valid request spoiled in one way: a field, a parameter, the body's encoding, or the credentials. */
function invalidRequest(operation: Operation): fc.Arbitrary<Request> {
  const { op } = operation;
  const hasBody = bodySchemaOf(op) !== undefined;
  return validRequest(operation).chain((valid) => {
    const mutations: fc.Arbitrary<Request>[] = [
      fc.constantFrom<Caller>('anonymous', 'reader', 'writer', 'forged').map((caller) => ({ ...valid, caller })),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom(...oddSegments)).map(([k, v]) => ({ ...valid, query: { ...valid.query, [k]: v } })),
    ];
    const pathNames = Object.keys(valid.path);
    if (pathNames.length > 0) {
      mutations.push(fc.tuple(fc.constantFrom(...pathNames), fc.constantFrom(...oddSegments)).map(([k, v]) => ({ ...valid, path: { ...valid.path, [k]: v } })));
    }
    const queryNames = parametersOf(op, 'query').map((p) => p.name as string);
    if (queryNames.length > 0) {
      mutations.push(
        fc.tuple(fc.constantFrom(...queryNames), fc.constantFrom<unknown>(...oddSegments, ...shortOddValues))
          .map(([k, v]) => ({ ...valid, query: { ...valid.query, [k]: v } })),
      );
    }
    if (hasBody) {
      const paths = pathsIn(valid.body);
      mutations.push(
        fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.constantFrom(...oddValues), fc.constant(DELETE)))
          .map(([at, v]) => ({ ...valid, body: replaceAt(valid.body, at, v) })),
        fc.constant({ ...valid, body: { ...(valid.body as object), unknown_field: 1 } }),
        fc.constantFrom(
          { text: '{"a":', type: 'application/json' },
          { text: '', type: 'application/json' },
          { text: 'null', type: 'application/json' },
          { text: '[]', type: 'application/json' },
          { text: JSON.stringify(valid.body ?? {}), type: 'text/plain' },
          { text: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
          { text: `{"pad":"${'x'.repeat(BODY_LIMIT)}"}`, type: 'application/json' },
        ).map((raw) => ({ ...valid, raw })),
      );
    }
    return fc.oneof(...mutations);
  });
}

/** Percent-encoding that sends a lone surrogate as the bytes CESU-8 gives it, which are not valid UTF-8. */
function encode(text: string): string {
  return [...text].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
}

function encodeQuery(query: Record<string, unknown>): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    // Odd segments are sent as they are (some are deliberately broken percent-encoding).
    .map(([k, v]) => `${encodeURIComponent(k)}=${typeof v === 'string' && oddSegments.includes(v) ? v : encode(typeof v === 'string' ? v : JSON.stringify(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

const BOUNDARY = 'fuzz-boundary-0d1e2f';

/** A multipart/form-data body: a file part for each field documented as binary, a plain field for the rest. */
function multipartText(fields: [string, unknown][], schema: Schema): string {
  const parts = fields.map(([name, value]) => {
    const binary = schema.properties?.[name]?.format === 'binary';
    const head = `Content-Disposition: form-data; name="${name}"${binary ? `; filename="${name}.bin"\r\nContent-Type: application/octet-stream` : ''}`;
    return `--${BOUNDARY}\r\n${head}\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`;
  });
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

function toCall(operation: Operation, request: Request): Call {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = request.path[name]!;
    return oddSegments.includes(value) ? value : encode(value);
  });
  const headers: Record<string, string> =
    request.caller === 'anonymous' ? {} : request.caller === 'forged' ? { authorization: 'Bearer not.a.token' } : { ...server.credentials[request.caller] };
  const call: Call = { method: operation.method, url: path + encodeQuery(request.query), headers };
  const body = bodySchemaOf(operation.op);
  if (request.raw) {
    call.body = request.raw.text;
    headers['content-type'] = request.raw.type;
  } else if (body && request.body !== undefined) {
    headers['content-type'] = body.type;
    const isForm = body.type === 'application/x-www-form-urlencoded';
    const fields = request.body && typeof request.body === 'object' ? Object.entries(request.body) : undefined;
    if (body.type === 'multipart/form-data' && fields) {
      headers['content-type'] = `${body.type}; boundary=${BOUNDARY}`;
      call.body = multipartText(fields, body.schema);
    } else if (!isForm) call.body = JSON.stringify(request.body);
    else call.body = fields ? new URLSearchParams(fields.map(([k, v]): [string, string] => [k, String(v)])).toString() : String(request.body);
  }
  return call;
}

/** An event stream never ends: its status, type and first bytes are all there is to check. */
const streams = (operation: Operation) => Boolean(operation.op.responses?.['200']?.content?.['text/event-stream']);

async function exchange(operation: Operation, call: Call): Promise<number> {
  const abort = new AbortController();
  const res = await fetch(server.url + call.url, { method: call.method, headers: call.headers, signal: abort.signal, ...(call.body !== undefined ? { body: call.body } : {}) });
  if (res.ok && streams(operation)) {
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/, `${call.method} ${call.url}`);
    const first = await res.body!.getReader().read();
    assert.ok(!first.done, `${call.method} ${call.url} ended its stream`);
    abort.abort();
    return res.status;
  }
  const text = await res.text();
  conform(operation, call, res.status, res.headers.get('content-type') ?? '', text);
  if (res.status < 300 && text && /json/.test(res.headers.get('content-type') ?? '')) harvest(JSON.parse(text), scopeOf(operation.path));
  return res.status;
}

// ---- the walk --------------------------------------------------------------------------------------------

const ORDER = ['post', 'put', 'patch', 'get', 'delete'];

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) ops.push({ method: method.toUpperCase(), path, op });
  }
  // Creation first and deletion last, so reads and updates meet real items.
  return ops.sort((a, b) => ORDER.indexOf(a.method.toLowerCase()) - ORDER.indexOf(b.method.toLowerCase()));
}

function operation(method: string, path: string): Operation {
  const op = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  return { method, path, op };
}

/** Real items of every kind, made through documented operations whose replies are checked like the rest. */
async function seed(): Promise<void> {
  const me = await server.request('GET', '/me');
  protectedIds.add(me.body.id);
  for (const key of (await server.request('GET', '/api-keys')).body.data) protectedIds.add(key.id);

  const world = await buildProvenaWorld(server, 'fuzz');
  const send = (method: string, path: string, url: string, body: unknown) =>
    exchange(operation(method, path), { method, url, headers: { ...server.credentials.admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(await send('POST', '/model_run/register_complete', '/model_run/register_complete', world.record()), 200);
  assert.equal(await send('POST', '/api/v1/run', '/api/v1/run', runBody()), 200);
  assert.equal(await send('POST', '/api/v1/pipeline-run', '/api/v1/pipeline-run', nestedBody([stepRun(0)])), 200);
  assert.equal(await send('POST', '/v1/models', '/v1/models', { project_name: 'fuzz', name: 'base', sql: 'SELECT 1 AS x' }), 201);
  assert.equal(await send('POST', '/v1/models/{projectName}/{modelName}/tests', '/v1/models/fuzz/base/tests', { name: 'x not null', test_type: 'not_null', column: 'x' }), 201);
  assert.equal(await send('POST', '/v1/model-runs', '/v1/model-runs', { project_name: 'fuzz' }), 201);
  // Every list, once, so its items' ids are known before the walk.
  for (const o of operations().filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
    const required = parametersOf(o.op, 'query').filter((p) => p.required);
    if (required.length === 0) await exchange(o, { method: 'GET', url: o.path, headers: { ...server.credentials.admin } });
  }
}

describe('every operation of /openapi.json, fuzzed', () => {
  it('answers as documented', async (t) => {
    await seed();
    const ops = operations();
    assert.ok(ops.length > 30, `walked ${ops.length} operations`);
    for (const o of ops) {
      await t.test(`${o.method} ${o.path}`, async (st) => {
        const statuses: Record<number, number> = {};
        const property = async (request: Request) => {
          const status = await exchange(o, toCall(o, request));
          statuses[status] = (statuses[status] ?? 0) + 1;
        };
        const runs = RUNS_OF[`${o.method} ${o.path}`] ?? { valid: VALID_RUNS, invalid: INVALID_RUNS };
        await fc.assert(fc.asyncProperty(validRequest(o), property), { seed: SEED, numRuns: runs.valid, includeErrorInReport: true });
        await fc.assert(fc.asyncProperty(invalidRequest(o), property), { seed: SEED, numRuns: runs.invalid, includeErrorInReport: true });
        st.diagnostic(`statuses: ${JSON.stringify(statuses)}`);
      });
    }
  });
});
