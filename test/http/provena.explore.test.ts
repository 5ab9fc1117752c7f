// prov-api's /explore routes on the Provena surface, on the worked example of the contract (§3.5): a run R with
// one input Din (template Ti) and one output Dout (template To), workflow W of model M, modeller P. Every row's
// expected nodes and links are worked by hand below from Provena's rules, not read from the service.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runBody, stepRun } from '../helpers/gentrace-bodies.js';
import { buildProvenaWorld } from '../helpers/provena-fixtures.js';
import { provenaValidator } from '../helpers/provena-schemas.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const BASE = '/provena/prov/explore';

// provenaclient's L3 explore methods default depth to 3 and always send it, with starting_id, as query params.
const CLIENT_DEPTH = 3;

// The client's order (handle_response_with_status): a 200, then the body as a StatusResponse with success true,
// then prov-api's LineageResponse, then (in the L3 module) CustomLineageResponse, whose node subtypes are
// limited to the client's ItemSubType.
const asStatusResponse = provenaValidator('shared', 'StatusResponse');
const asLineageResponse = provenaValidator('provenance-api', 'LineageResponse');
const asCustomLineageResponse = provenaValidator('client-general', 'CustomLineageResponse');
const parsesInClient = (body: any): boolean =>
  asStatusResponse(body) && (body as { status: { success: boolean } }).status.success && asLineageResponse(body) && asCustomLineageResponse(body);
const clientErrors = () => JSON.stringify([asStatusResponse.errors, asLineageResponse.errors, asCustomLineageResponse.errors]);

type Name = 'R' | 'Din' | 'Dout' | 'W' | 'Ti' | 'To' | 'M' | 'P' | 'O';
type Link = [Name, Name, string];

let server: TestServer;
let ids: Record<Name, string>;
let orgIds: Record<Name, string>;

/** Lodges the worked example through the registry and register_complete; with `org`, the organisation variant. */
async function lodgeExample(on: TestServer, tag: string, org: boolean): Promise<Record<Name, string>> {
  const w = await buildProvenaWorld(on, tag);
  const res = await on.request(
    'POST',
    '/model_run/register_complete',
    w.record({ study_id: undefined, associations: { modeller_id: w.person, ...(org ? { requesting_organisation_id: w.organisation } : {}) } }),
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return {
    R: res.body.record_info.id,
    Din: w.inputDataset,
    Dout: w.outputDataset,
    W: w.workflow,
    Ti: w.inputTemplate,
    To: w.outputTemplate,
    M: w.model,
    P: w.person,
    O: w.organisation,
  };
}

/** A query as provenaclient sends it (depth 3 unless given); `null` leaves depth out, as only a raw caller can. */
async function explore(path: string, start: string, depth: number | string | null = CLIENT_DEPTH, on = server) {
  const query = `starting_id=${encodeURIComponent(start)}${depth === null ? '' : `&depth=${depth}`}`;
  return on.requestAs('reader', 'GET', `${BASE}/${path}?${query}`);
}

/** Asserts what the client checks before it hands back a CustomLineageResponse. */
function assertClientParses(res: { status: number; body: any }, what: string): void {
  assert.equal(res.status, 200, `${what}: ${JSON.stringify(res.body)}`);
  assert.ok(parsesInClient(res.body), `${what}: client parse fails: ${clientErrors()}`);
}

/** Asserts the reply is exactly these nodes and links (by name), and that the client would parse it. */
function assertGraph(res: { status: number; body: any }, names: Record<Name, string>, nodes: Name[], links: Link[], what: string): void {
  assertClientParses(res, what);
  const body = res.body;
  const nameOf = new Map(Object.entries(names).map(([n, id]) => [id, n]));
  const gotNodes = body.graph.nodes.map((n: { id: string }) => nameOf.get(n.id) ?? n.id).sort();
  const gotLinks = body.graph.links.map((l: any) => `${nameOf.get(l.source) ?? l.source}→${nameOf.get(l.target) ?? l.target} ${l.type}`).sort();
  assert.deepEqual(gotNodes, [...nodes].sort(), `${what}: nodes`);
  assert.deepEqual(gotLinks, links.map(([s, t, type]) => `${s}→${t} ${type}`).sort(), `${what}: links`);
  assert.equal(body.record_count, nodes.length, `${what}: record_count`);
  assert.deepEqual([body.graph.directed, body.graph.multigraph, body.graph.graph], [true, false, {}]);
}

before(async () => {
  server = await startTestServer();
  ids = await lodgeExample(server, 'plain', false);
  orgIds = await lodgeExample(server, 'org', true);
});
after(() => server.close());

// The example's 11 stored links (§3.5), each effect → cause.
const RDin: Link = ['R', 'Din', 'used'];
const DoutR: Link = ['Dout', 'R', 'wasGeneratedBy'];
const RM: Link = ['R', 'M', 'used'];
const RW: Link = ['R', 'W', 'used'];
const RP: Link = ['R', 'P', 'wasAssociatedWith'];
const DoutP: Link = ['Dout', 'P', 'wasAttributedTo'];
const WTi: Link = ['W', 'Ti', 'hadMember'];
const WTo: Link = ['W', 'To', 'hadMember'];
const DinTi: Link = ['Din', 'Ti', 'wasInfluencedBy'];
const DoutTo: Link = ['Dout', 'To', 'wasInfluencedBy'];
const WM: Link = ['W', 'M', 'hadMember'];
const RO: Link = ['R', 'O', 'wasAssociatedWith'];

describe('Provena explore: the worked example', () => {
  const rows: [string, Name, number | null, Name[], Link[]][] = [
    // Upstream follows stored links from the start; depth counts links. 3 is what the client sends by default.
    ['upstream', 'Dout', 1, ['Dout', 'R', 'P', 'To'], [DoutR, DoutP, DoutTo]],
    ['upstream', 'Dout', null, ['Dout', 'R', 'P', 'To', 'Din', 'M', 'W'], [DoutR, DoutP, DoutTo, RDin, RM, RW, RP]],
    ['upstream', 'Dout', 3, ['Dout', 'R', 'P', 'To', 'Din', 'M', 'W', 'Ti'], [DoutR, DoutP, DoutTo, RDin, RM, RW, RP, DinTi, WTi, WTo, WM]],
    ['upstream', 'R', 1, ['R', 'Din', 'M', 'W', 'P'], [RDin, RM, RW, RP]],
    // Downstream follows them backwards, and they keep their stored direction.
    ['downstream', 'Din', 2, ['Din', 'R', 'Dout'], [RDin, DoutR]],
    ['downstream', 'Ti', 2, ['Ti', 'Din', 'W', 'R'], [DinTi, WTi, RDin, RW]],
    ['downstream', 'P', 1, ['P', 'R', 'Dout'], [RP, DoutP]],
    // Special queries: the union of the paths that end at a dataset or agent.
    ['special/contributing_datasets', 'Dout', 4, ['Dout', 'R', 'Din'], [DoutR, RDin]],
    ['special/contributing_datasets', 'Din', 4, [], []],
    ['special/contributing_agents', 'Dout', 4, ['Dout', 'R', 'P'], [DoutP, DoutR, RP]],
    ['special/effected_datasets', 'Din', 4, ['Dout', 'R', 'Din'], [DoutR, RDin]],
    ['special/effected_datasets', 'M', 4, ['Dout', 'R', 'W', 'M'], [DoutR, RM, RW, WM]],
    ['special/effected_agents', 'Din', 4, ['Din', 'R', 'Dout', 'P'], [RP, RDin, DoutP, DoutR]],
    ['special/effected_agents', 'R', 4, ['R', 'Dout', 'P'], [RP, DoutP, DoutR]],
  ];
  for (const [path, start, depth, nodes, links] of rows) {
    const what = `${path}(${start}, ${depth ?? 'absent'})`;
    it(`${what}: ${nodes.length} nodes, ${links.length} links`, async () => {
      assertGraph(await explore(path, ids[start], depth), ids, nodes, links, what);
    });
  }

  it('types every node as Provena does after a lodge, the workflow template as WORKFLOW_TEMPLATE', async () => {
    const res = await explore('upstream', ids.Dout, 3);
    const types = Object.fromEntries(res.body.graph.nodes.map((n: any) => [n.id, `${n.item_category}/${n.item_subtype}`]));
    assert.deepEqual(types, {
      [ids.R]: 'ACTIVITY/MODEL_RUN',
      [ids.Din]: 'ENTITY/DATASET',
      [ids.Dout]: 'ENTITY/DATASET',
      [ids.W]: 'ENTITY/WORKFLOW_TEMPLATE',
      [ids.Ti]: 'ENTITY/DATASET_TEMPLATE',
      [ids.To]: 'ENTITY/DATASET_TEMPLATE',
      [ids.M]: 'ENTITY/MODEL',
      [ids.P]: 'AGENT/PERSON',
    });
  });

  it('with an organisation: the run alone is associated with it, never the modeller', async () => {
    const cases: [string, Name, number, Name[], Link[]][] = [
      ['upstream', 'R', 1, ['R', 'Din', 'M', 'W', 'P', 'O'], [RDin, RM, RW, RP, RO]],
      ['special/contributing_agents', 'Dout', 4, ['Dout', 'R', 'P', 'O'], [DoutP, DoutR, RP, RO]],
      ['special/effected_agents', 'Din', 4, ['Din', 'R', 'Dout', 'P', 'O'], [RP, RO, RDin, DoutP, DoutR]],
      // No actedOnBehalfOf: nothing is upstream of the modeller.
      ['upstream', 'P', 4, [], []],
    ];
    for (const [path, start, depth, nodes, links] of cases) {
      assertGraph(await explore(path, orgIds[start], depth), orgIds, nodes, links, `org ${path}(${start}, ${depth})`);
    }
  });
});

describe('Provena explore: depth, status and errors', () => {
  it('takes absent or 0 as the default depth, 2 for walks and 4 for special queries, and says so', async () => {
    const expected: [string, number, string][] = [
      ['upstream', 2, 'Made lineage query (with depth 2) to neo4j backend.'],
      ['downstream', 2, 'Made downstream query (with depth 2) to neo4j backend.'],
      ['special/contributing_datasets', 4, 'Made upstream contribution query (with depth 4) to neo4j backend.'],
      ['special/contributing_agents', 4, 'Made upstream contribution query (with depth 4) to neo4j backend.'],
      ['special/effected_datasets', 4, 'Made downstream effect query (with depth 4) to neo4j backend.'],
      ['special/effected_agents', 4, 'Made downstream effect query (with depth 4) to neo4j backend.'],
    ];
    for (const [path, depth, details] of expected) {
      const absent = await explore(path, ids.R, null);
      const zero = await explore(path, ids.R, 0);
      const explicit = await explore(path, ids.R, depth);
      for (const res of [absent, zero, explicit]) {
        assertClientParses(res, path);
        assert.deepEqual(res.body.status, { success: true, details }, path);
      }
      assert.deepEqual(absent.body.graph, explicit.body.graph, `${path}: absent is depth ${depth}`);
      assert.deepEqual(zero.body.graph, explicit.body.graph, `${path}: 0 is depth ${depth}`);
    }
    const three = await explore('upstream', ids.Dout, 3);
    assert.equal(three.body.status.details, 'Made lineage query (with depth 3) to neo4j backend.');
    assert.equal((await explore('upstream', ids.Dout, 10)).status, 200);
  });

  it("refuses depth above 10 with Provena's detail, below 0 with a 400, and a non-integer with a 422", async () => {
    for (const path of ['upstream', 'special/effected_agents']) {
      const eleven = await explore(path, ids.R, 11);
      assert.equal(eleven.status, 400);
      assert.deepEqual(eleven.body, { detail: 'Depth provided is in excess of depth maximum: 10.' });
      const negative = await explore(path, ids.R, -1);
      assert.equal(negative.status, 400);
      assert.equal(typeof negative.body.detail, 'string');
      for (const bad of ['x', '1.5']) {
        const res = await explore(path, ids.R, bad);
        assert.equal(res.status, 422, bad);
        assert.deepEqual(res.body.detail[0].loc, ['query', 'depth']);
      }
    }
    const missing = await server.requestAs('reader', 'GET', `${BASE}/upstream`);
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.detail[0].loc, ['query', 'starting_id']);
  });

  it('answers an empty graph, still a success, when no path matches', async () => {
    const res = await explore('special/contributing_datasets', ids.Din, 4);
    assertClientParses(res, 'empty graph');
    assert.deepEqual(res.body, {
      status: { success: true, details: 'Made upstream contribution query (with depth 4) to neo4j backend.' },
      record_count: 0,
      truncated: false,
      node_cap: res.body.node_cap,
      graph: { directed: true, multigraph: false, graph: {}, nodes: [], links: [] },
    });
    // An item nothing refers to yet: a node of its own, with no path either way.
    const lonely = await server.request('POST', '/registry/persons', { display_name: 'Nobody', email: 'n@example.org', first_name: 'N', last_name: 'B' });
    for (const path of ['upstream', 'downstream', 'special/effected_agents']) {
      const none = await explore(path, lonely.body.id);
      assertClientParses(none, path);
      assert.deepEqual([none.body.record_count, none.body.graph.nodes, none.body.graph.links], [0, [], []], path);
    }
  });

  it('answers an unknown starting_id with a 400 naming it, and needs the read role', async () => {
    const res = await explore('upstream', 'no-such-item');
    assert.equal(res.status, 400);
    assert.match(res.body.detail, /^The provided id no-such-item was not a valid registry item\./);
    const anonymous = await server.requestAs('anonymous', 'GET', `${BASE}/upstream?starting_id=${ids.R}&depth=${CLIENT_DEPTH}`);
    assert.equal(anonymous.status, 401);
  });

  it('leaves runledger-only kinds (steps, values, lodging users) out of the walk', async () => {
    const body = runBody({ slug: 'provena-view', stepRuns: [stepRun(0), stepRun(1)] });
    assert.equal((await server.requestAs('writer', 'POST', '/api/v1/run', body)).status, 200);
    const ours = await server.requestAs('reader', 'GET', `/explore/upstream?starting_id=${body.id}&depth=3`);
    assert.ok(ours.body.graph.nodes.some((n: any) => n.item_subtype === 'STEP'), 'the runledger surface shows the steps');
    assert.equal(parsesInClient(ours.body), false, 'which provenaclient could not parse');
    const theirs = await explore('upstream', body.id);
    assertClientParses(theirs, 'a run with steps');
    assert.deepEqual(theirs.body.graph.nodes, [], 'nothing of a Provena kind is upstream of an ingested run');
    const step = ours.body.graph.nodes.find((n: any) => n.item_subtype === 'STEP');
    const fromStep = await explore('upstream', step.id);
    assert.equal(fromStep.status, 400, 'a step is no item Provena knows');
  });
});

describe('Provena explore: the node cap', () => {
  it('keeps the nodes nearest the start up to the cap, and says it cut the graph', async () => {
    const capped = await startTestServer({ env: { RUNLEDGER_LINEAGE_NODE_CAP: '5' } });
    try {
      const example = await lodgeExample(capped, 'cap', false);
      const res = await explore('upstream', example.Dout, 3, capped);
      assertClientParses(res, 'capped');
      assert.equal(res.body.truncated, true);
      assert.equal(res.body.node_cap, 5);
      assert.equal(res.body.record_count, 5);
      const kept = new Set(res.body.graph.nodes.map((n: { id: string }) => n.id));
      // Dout, then its three neighbours at one link (R, P, To), then one of the four at two.
      for (const id of [example.Dout, example.R, example.P, example.To]) assert.ok(kept.has(id), `keeps ${id}`);
      for (const l of res.body.graph.links) assert.ok(kept.has(l.source) && kept.has(l.target), 'links stay inside the kept nodes');
      const small = await explore('upstream', example.Dout, 1, capped);
      assert.equal(small.body.truncated, false, '4 nodes fit under the cap');
    } finally {
      await capped.close();
    }
  });
});
