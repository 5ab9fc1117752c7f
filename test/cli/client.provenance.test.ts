// `runledger register`, `runledger lineage` and `runledger prov export` against a real server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { clientCli, type ClientCli } from '../helpers/client-cli.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let cli: ClientCli;
let world: ProvenaWorld;
let runId: string;

before(async () => {
  server = await startTestServer();
  cli = await clientCli(server);
  world = await buildProvenaWorld(server, 'prov');
});
after(async () => {
  await cli.close();
  await server.close();
});

describe('runledger register', () => {
  it('lodges a record file and prints the new run’s id', async () => {
    const record = world.record({ display_name: 'Calibration from the CLI' });
    const file = path.join(cli.dir, 'record.json');
    await fs.writeFile(file, JSON.stringify(record));
    const res = await cli.run(['register', file]);
    assert.equal(res.code, 0, res.stderr);
    runId = res.stdout.trim();
    const item = await server.request('GET', `/registry/model-runs/${runId}`);
    assert.equal(item.status, 200);
    assert.deepEqual(item.body.record, record);

    const fromStdin = await cli.run(['register', '-', '--json'], { input: JSON.stringify(world.record({ display_name: 'from stdin' })) });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.equal(JSON.parse(fromStdin.stdout).status.success, true);
  });

  it('shows the refusal’s detail on one line and stores nothing', async () => {
    const file = path.join(cli.dir, 'bad.json');
    await fs.writeFile(file, JSON.stringify(world.record({ start_time: 10, end_time: 5 })));
    const before = (await server.request('GET', '/model-runs?kind=registered')).body.data.length;
    const res = await cli.run(['register', file]);
    assert.equal(res.code, 1);
    assert.equal(res.stderr, 'runledger: start_time (10) is after end_time (5)\n');
    assert.equal((await server.request('GET', '/model-runs?kind=registered')).body.data.length, before);

    const missing = await cli.run(['register', path.join(cli.dir, 'absent.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^runledger: cannot read .*absent\.json/);
  });
});

describe('runledger lineage', () => {
  it('draws what a dataset came from as a tree', async () => {
    const res = await cli.run(['lineage', world.outputDataset, '--depth', '2']);
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `Output dataset prov  [DATASET]  ${world.outputDataset}`);
    assert.ok(lines.includes(`├─ wasGeneratedBy → Calibration from the CLI  [MODEL_RUN]  ${runId}`), res.stdout);
    assert.ok(lines.some((l) => l === `│  ├─ used → Input dataset prov  [DATASET]  ${world.inputDataset}`), res.stdout);
    assert.ok(lines.some((l) => /^│  [├└]─ wasAssociatedWith → Modeller prov {2}\[PERSON\]/.test(l)), res.stdout);
  });

  it('walks both ways, and gives the API’s JSON', async () => {
    const both = await cli.run(['lineage', runId, '--direction', 'both', '--depth', '1']);
    assert.equal(both.code, 0, both.stderr);
    const [up, down] = both.stdout.split('\n\n');
    assert.match(up!, /^upstream:\n.*\[MODEL_RUN\]/);
    assert.match(down!, new RegExp(`^downstream:\\n.*\\n└─ ← wasGeneratedBy Output dataset prov {2}\\[DATASET\\]  ${world.outputDataset}`));

    const json = await cli.run(['lineage', runId, '--json', '--direction', 'downstream']);
    const api = await server.request('GET', `/explore/downstream?starting_id=${runId}`);
    assert.deepEqual(JSON.parse(json.stdout), api.body);

    const unknown = await cli.run(['lineage', 'no-such-node']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^runledger: .*no-such-node/);
  });
});

/** A Python that can import rdflib (Debian's python3-rdflib), or why there is none. */
async function rdflibPython(): Promise<string | undefined> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      await promisify(execFile)(python, ['-c', 'import rdflib']);
      return python;
    } catch {
      // try the next
    }
  }
  return undefined;
}

describe('runledger prov export', () => {
  it('writes the run’s PROV-JSON as the server serves it', async () => {
    const res = await cli.run(['prov', 'export', runId]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), (await server.request('GET', `/model-runs/${runId}/prov`)).body);
  });

  it('writes PROV-N', async () => {
    const res = await cli.run(['prov', 'export', runId, '--format', 'provn']);
    assert.equal(res.code, 0, res.stderr);
    const text = res.stdout;
    assert.match(text, /^document\n/);
    assert.match(text, /endDocument\n$/);
    assert.match(text, /^ {2}prefix uuid <urn:uuid:>$/m);
    assert.match(text, new RegExp(`^  activity\\(uuid:${runId}, 2023-11-14T22:13:20\\.000Z, 2023-11-14T23:13:20\\.000Z, \\[prov:label="Calibration from the CLI"`, 'm'));
    assert.match(text, new RegExp(`^  used\\(uuid:${runId}, uuid:${world.inputDataset}, -\\)$`, 'm'));
    assert.match(text, new RegExp(`^  wasGeneratedBy\\(uuid:${world.outputDataset}, uuid:${runId}, -\\)$`, 'm'));
  });

  it('writes PROV-O Turtle that an RDF parser reads, to a file', async (t) => {
    const out = path.join(cli.dir, 'run.ttl');
    const res = await cli.run(['prov', 'export', runId, '--format', 'turtle', '-o', out]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, '');
    const python = await rdflibPython();
    if (!python) {
      if (process.env.CI) assert.fail('rdflib is needed in CI (python3-rdflib)');
      t.skip('no Python with rdflib (python3-rdflib)');
      return;
    }
    const script = `
import rdflib, sys
g = rdflib.Graph(); g.parse(sys.argv[1], format='turtle')
PROV = rdflib.Namespace('http://www.w3.org/ns/prov#')
run = rdflib.URIRef('urn:uuid:' + sys.argv[2])
print((run, rdflib.RDF.type, PROV.Activity) in g, (run, PROV.used, rdflib.URIRef('urn:uuid:' + sys.argv[3])) in g, str(g.value(run, rdflib.RDFS.label)))
`;
    const { stdout } = await promisify(execFile)(python, ['-c', script, out, runId, world.inputDataset]);
    assert.equal(stdout.trim(), 'True True Calibration from the CLI');
  });

  it('refuses a format it does not write', async () => {
    const res = await cli.run(['prov', 'export', runId, '--format', 'xml']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /Allowed choices are json, provn, turtle/);
  });
});
