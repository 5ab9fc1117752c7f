// The container recipe, checked without a container engine: the Dockerfile's stages and instructions,
// compose.yaml's services, volumes and secrets, and the image's HEALTHCHECK command run against a real server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { freePort, repoRoot } from '../helpers/built-tree.js';

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments and the parser directive left out. */
function instructions(text: string): Instruction[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
  });
}

/** The stages of a multi-stage build: each FROM and the instructions up to the next. */
function stages(all: Instruction[]): { from: string; body: Instruction[] }[] {
  const result: { from: string; body: Instruction[] }[] = [];
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') result.push({ from: instruction.args, body: [] });
    else result.at(-1)?.body.push(instruction);
  }
  return result;
}

/** Every environment variable src/config.ts reads: `env.NAME`, or a name handed to a reader (`intFrom(env, 'NAME', …)`). */
const configVariables = new Set(
  [...read('src/config.ts').matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => (m[1] ?? m[2])!),
);

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
  healthcheck?: { disable?: boolean; test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const dockerfile = stages(instructions(read('Dockerfile')));
const runtime = dockerfile.at(-1)!;
const inRuntime = (keyword: string) => runtime.body.filter((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  it('builds in a stage with the devDependencies and runs in a slim stage with production dependencies only', () => {
    assert.ok(dockerfile.length >= 2, 'multi-stage');
    assert.match(dockerfile[0]!.from, /^node:20\S* AS build$/i);
    assert.ok(dockerfile[0]!.body.some((i) => i.keyword === 'RUN' && /npm run build/.test(i.args)), 'the build stage builds');
    assert.match(runtime.from, /^node:20-(bookworm-)?slim\b/);
    const installs = inRuntime('RUN').filter((i) => /npm ci/.test(i.args));
    assert.equal(installs.length, 1);
    assert.match(installs[0]!.args, /--omit=dev/);
    // From the build stage the runtime takes dist/ alone, so no devDependency comes along.
    const fromBuild = inRuntime('COPY').filter((i) => i.args.includes('--from='));
    assert.deepEqual(fromBuild.map((i) => i.args), ['--from=build /app/dist ./dist']);
  });

  it('runs as a user other than root, keeps the data directory in a volume, exposes 8080 and serves by default', () => {
    const users = inRuntime('USER');
    assert.equal(users.length, 1);
    assert.doesNotMatch(users[0]!.args, /^(root|0)(:|$)/);
    const env = inRuntime('ENV').map((i) => i.args).join(' ');
    const dataDir = /RUNLEDGER_DATA_DIR=(\S+)/.exec(env)?.[1];
    assert.ok(dataDir, 'RUNLEDGER_DATA_DIR is set');
    assert.ok(inRuntime('VOLUME').some((i) => i.args.includes(`"${dataDir}"`)), `VOLUME ${dataDir}`);
    assert.ok(inRuntime('EXPOSE').some((i) => i.args === '8080'));
    for (const name of env.match(/\b[A-Z][A-Z0-9_]+(?==)/g) ?? []) {
      if (name !== 'NODE_ENV') assert.ok(configVariables.has(name), `${name} is a setting runledger reads`);
    }
    assert.deepEqual(JSON.parse(inRuntime('ENTRYPOINT')[0]!.args), ['node', 'dist/cli/main.js']);
    assert.deepEqual(JSON.parse(inRuntime('CMD')[0]!.args), ['serve']);
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = inRuntime('HEALTHCHECK');
    const exec = JSON.parse(healthcheck[0]!.args.replace(/^.*?CMD\s+/, '')) as string[];
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    // Asynchronously: the server answering it runs in this process.
    const check = async (port: number) => {
      const child = spawn(exec[0] === 'node' ? process.execPath : exec[0]!, exec.slice(1), { env: { PATH: process.env.PATH, PORT: String(port) }, stdio: 'ignore' });
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    };

    it('asks /ready with node alone (the slim image has no curl)', () => {
      assert.equal(healthcheck.length, 1);
      assert.equal(exec[0], 'node');
      assert.match(exec.join(' '), /\/ready/);
    });

    it('passes while the server is ready, and fails where nothing answers', async () => {
      assert.equal(await check(server.port), 0);
      assert.equal(await check(await freePort()), 1);
    });
  });
});

describe('compose.yaml', () => {
  const { postgres, serve, worker } = compose.services;
  const runledger = { serve: serve!, worker: worker! };

  it('has PostgreSQL 15 with a health check, one serve and two workers of the same image', () => {
    assert.match(postgres?.image ?? '', /^postgres:15\b/);
    assert.ok(postgres?.healthcheck?.test?.join(' ').includes('pg_isready'));
    assert.deepEqual(serve?.command, ['serve']);
    assert.deepEqual(worker?.command, ['worker']);
    assert.equal(serve?.deploy?.replicas ?? 1, 1);
    assert.equal(worker?.deploy?.replicas, 2);
    assert.equal(serve?.image, worker?.image);
    assert.ok(serve?.build && worker?.build, 'both build the image from this Dockerfile');
  });

  it('points serve and workers at that PostgreSQL and one shared data volume, mounted where RUNLEDGER_DATA_DIR says', () => {
    const mounts = Object.entries(runledger).map(([name, service]) => {
      assert.match(service.environment?.DATABASE_URL ?? '', /^postgres:\/\/[^@]+@postgres:5432\//, `${name} DATABASE_URL`);
      const dataDir = service.environment?.RUNLEDGER_DATA_DIR;
      const mount = service.volumes?.find((v) => v.endsWith(`:${dataDir}`));
      assert.ok(mount, `${name} mounts a volume at ${dataDir}`);
      return mount;
    });
    assert.equal(new Set(mounts).size, 1, 'the same volume');
    assert.ok(mounts[0]!.split(':')[0]! in compose.volumes, 'a named volume');
    assert.equal(serve?.environment?.RUNLEDGER_IN_PROCESS_WORKER, 'false', 'runs are the workers’');
    assert.equal(worker?.depends_on?.postgres?.condition, 'service_healthy');
  });

  it('sets only settings runledger reads, and every password comes from the environment, required', () => {
    for (const [name, service] of Object.entries(runledger)) {
      for (const variable of Object.keys(service.environment ?? {})) assert.ok(configVariables.has(variable), `${name}: ${variable}`);
    }
    assert.match(serve?.environment?.RUNLEDGER_ADMIN_PASSWORD ?? '', /^\$\{RUNLEDGER_ADMIN_PASSWORD:\?[^}]+\}$/);
    assert.match(postgres?.environment?.POSTGRES_PASSWORD ?? '', /^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    assert.match(serve?.environment?.DATABASE_URL ?? '', /:\$\{POSTGRES_PASSWORD:\?[^}]+\}@/);
    // Workers and serve share the token signing key through the store unless one is given.
    assert.match(serve?.environment?.RUNLEDGER_JWT_SECRET ?? '', /^\$\{RUNLEDGER_JWT_SECRET:-\}$/);
  });

  it('keeps the workers out of the image health check, which asks for HTTP they do not serve', () => {
    assert.equal(worker?.healthcheck?.disable, true);
    assert.equal(serve?.healthcheck, undefined, 'serve keeps the image HEALTHCHECK');
  });

  it('reads secrets from a .env that git ignores and the build context leaves out; the example holds no values', () => {
    assert.match(read('.gitignore'), /^\.env$/m);
    assert.match(read('.dockerignore'), /^\.env$/m);
    const contextLeavesOut = read('.dockerignore').split('\n');
    for (const ignored of ['node_modules', 'dist', '.git', '.runledger']) assert.ok(contextLeavesOut.includes(ignored), ignored);
    for (const line of read('.env.example').split('\n').filter((l) => /^[A-Z_]+=/.test(l))) assert.match(line, /^[A-Z_]+=$/, line);
  });
});
