// A client generated from the served OpenAPI document works: openapi-typescript turns /openapi.json into
// types, a small openapi-fetch program written against them compiles under strict TypeScript, and run as its
// own process against the real server it gets a token, lists model runs and creates a registry item. A program
// that sends a wrong field type does not compile, so the types are the API's, not `unknown`.
// Generated as the README says: with defaultNonNullable off, since request schemas carry defaults.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { runBody } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const repoModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

let server: TestServer;
let dir: string;
before(async () => {
  server = await startTestServer();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-client-'));
  // The program imports openapi-fetch and runs under tsx as any project depending on them would.
  await fs.symlink(repoModules, path.join(dir, 'node_modules'), 'dir');
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
});
after(async () => {
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type PersonInput = components['schemas']['PersonInput'];
type Person = components['schemas']['Person'];
type ModelRun = components['schemas']['ModelRun'];

const [baseUrl, password] = process.argv.slice(2) as [string, string];
const client = createClient<paths>({ baseUrl });

const form = (fields: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)).toString();

const token = await client.POST('/token', {
  body: { grant_type: 'password', username: 'admin', password },
  bodySerializer: form,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
if (!token.data) throw new Error('no token: ' + JSON.stringify(token.error));
const headers = { authorization: 'Bearer ' + token.data.access_token };

const input: PersonInput = { display_name: 'Grace Hopper', email: 'grace@example.org', first_name: 'Grace', last_name: 'Hopper' };
const created = await client.POST('/registry/persons', { body: input, headers });
if (!created.data) throw new Error('not created: ' + JSON.stringify(created.error));
const person: Person = created.data;

const runs = await client.GET('/v1/model-runs', { params: { query: { max_results: 10, kind: 'ingested' } }, headers });
if (!runs.data) throw new Error('no runs: ' + JSON.stringify(runs.error));
const listed: ModelRun[] = runs.data.data;

const missing = await client.GET('/registry/persons/{id}', { params: { path: { id: 'no-such-person' } }, headers });
const problem: components['schemas']['Problem'] | undefined = missing.error;

console.log(JSON.stringify({
  token_type: token.data.token_type,
  person: { id: person.id, version: person.version, last_name: person.last_name },
  runs: listed.map((run) => ({ id: run.id, kind: run.kind })),
  missing: { status: missing.response.status, code: problem?.error_code },
}));
`;

// Sends a number where the schema says string: the generated types must refuse it.
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1' });
await client.POST('/registry/persons', { body: { display_name: 'x', email: 'x@example.org', first_name: 'x', last_name: 42 } });
`;

let previous: ts.Program | undefined;

/** Diagnostics of a strict compile of `file` with the generated types (checked too: no skipLibCheck). */
function compile(file: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [path.join(repoModules, '@types')],
  };
  // The second compile reuses what the first parsed (the generated types, @types/node).
  const program = ts.createProgram([file], options, undefined, previous);
  previous = program;
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || !d.file.fileName.includes('node_modules'))
    .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('a client generated from /openapi.json', () => {
  it('compiles under strict TypeScript and calls the server', async () => {
    const ingested = await server.request('POST', '/api/v1/run', runBody());
    assert.equal(ingested.status, 200, JSON.stringify(ingested.body));

    const doc = await server.requestAs('anonymous', 'GET', '/openapi.json');
    // A request schema's defaults are what the server fills in, so the client may leave those fields out:
    // openapi-typescript would otherwise make every field with a default required, in requests too.
    const types = astToString(await openapiTS(doc.body, { defaultNonNullable: false }));
    for (const name of ['PersonInput', 'PaginatedModelRuns', 'TokenRequest']) assert.match(types, new RegExp(`\\b${name}: \\{`), `a named type ${name}`);
    await fs.writeFile(path.join(dir, 'schema.ts'), types);
    await fs.writeFile(path.join(dir, 'client.ts'), CLIENT);
    assert.deepEqual(compile(path.join(dir, 'client.ts')), []);

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'client.ts', server.url, server.adminPassword], { cwd: dir });
    const seen = JSON.parse(stdout) as {
      token_type: string;
      person: { id: string; version: number; last_name: string };
      runs: { id: string; kind: string }[];
      missing: { status: number; code: string };
    };
    assert.equal(seen.token_type, 'bearer');
    assert.deepEqual(seen.runs, [{ id: ingested.body.pipelineRunId, kind: 'ingested' }]);
    assert.deepEqual(seen.missing, { status: 404, code: 'RL_NOT_FOUND' });
    assert.equal(seen.person.version, 1);
    const stored = await server.request('GET', `/registry/persons/${seen.person.id}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.last_name, 'Hopper');

    await fs.writeFile(path.join(dir, 'wrong.ts'), WRONG);
    const refused = compile(path.join(dir, 'wrong.ts'));
    assert.equal(refused.length, 1, refused.join('\n'));
    assert.match(refused[0]!, /^wrong\.ts: Type 'number' is not assignable to type 'string'/);
  });
});
