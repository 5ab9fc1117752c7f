// Provenance of ingested runs: steps are activities started by their run; inputs and outputs are entities
// addressed by their content, so two runs sharing an input meet at one node; outputs derive from inputs;
// the provider is a software agent associated with its step. The PROV-JSON is valid W3C PROV-JSON.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { qualifiedName } from '../../src/prov/document.js';
import { providerAgentId, valueEntity } from '../../src/prov/pipeline-run-prov.js';
import { getPipelineRunProv } from '../../src/services/gentrace-service.js';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
after(() => server.close());

interface Graph {
  nodes: { id: string; item_category: string; item_subtype: string; display_name: string }[];
  links: { source: string; target: string; type: string }[];
}

async function explore(direction: 'upstream' | 'downstream', id: string, depth: number): Promise<Graph> {
  const res = await server.requestAs('reader', 'GET', `/explore/${direction}?starting_id=${id}&depth=${depth}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.graph;
}
const has = (graph: Graph, source: string, target: string, type: string) =>
  graph.links.some((l) => l.source === source && l.target === target && l.type === type);
const nodeOf = (graph: Graph, id: string) => graph.nodes.find((n) => n.id === id);

const shared = { question: 'What is provenance?', context: ['PROV-DM', 'PROV-O'] };
// The same object with its keys in another order: equal as canonical JSON, so the same entity.
const sharedReordered = { context: ['PROV-DM', 'PROV-O'], question: 'What is provenance?' };

let runA: ReturnType<typeof runBody>;
let runB: ReturnType<typeof runBody>;
let stepsA: { id: string; output_entity_id: string }[];
let stepsB: { id: string }[];

before(async () => {
  server = await startTestServer();
  runA = runBody({ slug: 'qa', stepRuns: [stepRun(0, { inputs: shared }), stepRun(1)] });
  runB = runBody({ slug: 'qa-v2', stepRuns: [stepRun(0, { inputs: sharedReordered, outputs: { value: 'other' } })] });
  for (const body of [runA, runB]) assert.equal((await server.requestAs('writer', 'POST', '/api/v1/run', body)).status, 200);
  stepsA = (await server.requestAs('reader', 'GET', `/model-runs/${runA.id}/steps`)).body.data;
  stepsB = (await server.requestAs('reader', 'GET', `/model-runs/${runB.id}/steps`)).body.data;
});

describe('lineage of ingested runs', () => {
  it('joins two runs that share an input at one entity', async () => {
    const input = valueEntity(shared).id;
    assert.equal(valueEntity(sharedReordered).id, input);
    const down = await explore('downstream', input, 2);
    for (const id of [stepsA[0]!.id, stepsB[0]!.id, runA.id, runB.id]) assert.ok(nodeOf(down, id), `downstream of the input reaches ${id}`);
    assert.ok(has(down, stepsA[0]!.id, input, 'used') && has(down, stepsB[0]!.id, input, 'used'), 'both steps used it');
    assert.deepEqual(
      [nodeOf(down, input)?.item_category, nodeOf(down, input)?.item_subtype, nodeOf(down, stepsA[0]!.id)?.item_subtype],
      ['ENTITY', 'VALUE', 'STEP'],
    );
    assert.ok(nodeOf(down, stepsA[0]!.output_entity_id), "the first step's output is downstream too");
    assert.ok(!nodeOf(down, stepsA[1]!.id), 'a step that did not use it is not');
  });

  it('traces an output back to its inputs, its step, the provider and the run', async () => {
    const output = stepsA[0]!.output_entity_id;
    assert.equal(output, valueEntity(runA.stepRuns[0]!.outputs).id);
    const input = valueEntity(shared).id;
    const provider = providerAgentId('openai');
    const up = await explore('upstream', output, 3);
    assert.ok(has(up, output, input, 'wasDerivedFrom'), 'outputs were derived from inputs');
    assert.ok(has(up, output, stepsA[0]!.id, 'wasGeneratedBy'));
    assert.ok(has(up, stepsA[0]!.id, input, 'used'));
    assert.ok(has(up, stepsA[0]!.id, provider, 'wasAssociatedWith'));
    assert.ok(has(up, stepsA[0]!.id, runA.id, 'wasStartedBy'), 'the step was started by its run');
    assert.deepEqual(
      [nodeOf(up, provider)?.item_category, nodeOf(up, provider)?.item_subtype, nodeOf(up, provider)?.display_name],
      ['AGENT', 'SOFTWARE', 'openai'],
    );
  });

  it("reaches a run's steps, their values, the providers and the lodger upstream of the run", async () => {
    const up = await explore('upstream', runA.id, 3);
    const lodger = (await server.requestAs('writer', 'GET', '/me')).body.id;
    for (const step of stepsA) assert.ok(has(up, runA.id, step.id, 'wasInformedBy'));
    assert.ok(has(up, runA.id, lodger, 'wasAssociatedWith'), 'the run names who lodged it');
    assert.ok(nodeOf(up, valueEntity(runA.stepRuns[1]!.inputs).id));
    assert.ok(nodeOf(up, providerAgentId('openai')));
  });

  it('gives a PROV-JSON document that is valid W3C PROV-JSON', async () => {
    // Rebuilt from the stored rows (gentrace.prov.test.ts shows it is the document of the request).
    const doc = JSON.parse(JSON.stringify(await getPipelineRunProv(server.ctx, runA.id))) as Record<string, Record<string, Record<string, string>>>;
    const schema = JSON.parse(await fs.readFile(new URL('../fixtures/prov-json.schema.json', import.meta.url), 'utf8'));
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));

    const run = doc.activity![qualifiedName(runA.id)]!;
    assert.equal(run['prov:startTime'], runA.stepRuns[0]!.startTime);
    assert.equal(run['prov:endTime'], runA.stepRuns[1]!.endTime);
    const started = Object.values(doc.wasStartedBy!);
    assert.equal(started.length, 2);
    for (const s of started) assert.equal(s['prov:starter'], qualifiedName(runA.id));
    const association = Object.values(doc.wasAssociatedWith!).find(
      (a) => a['prov:activity'] === qualifiedName(stepsA[0]!.id),
    );
    assert.equal(association?.['prov:agent'], qualifiedName(providerAgentId('openai')));
    assert.deepEqual(JSON.parse(association!['runledger:model_params']!), runA.stepRuns[0]!.modelParams);
  });
});
