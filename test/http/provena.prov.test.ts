// The PROV-JSON document returned by POST /model_run/register_complete: valid against the W3C PROV-JSON
// schema, carrying the relations Provena emits, and readable by an independent PROV implementation
// (the Python `prov` package, as Debian ships it in python3-prov).
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { awaitSuccess, call } from '../helpers/provena-jobs.js';

const run = promisify(execFile);

type Statement = Record<string, unknown>;
type ProvJson = Record<string, Record<string, Statement>>;

const NODE_SECTIONS = ['entity', 'activity', 'agent'] as const;
type NodeSection = (typeof NODE_SECTIONS)[number];

// PROV-JSON §3: the two keys naming the subject and object of each relation, and the kind of node each
// must be (PROV-DM §5; 'any' for wasInfluencedBy, which relates any two). Written out here rather than
// imported, so the test checks src/prov against the spec.
type Kind = NodeSection | 'any';
const RELATIONS: Record<string, { effect: [string, Kind]; cause: [string, Kind] }> = {
  used: { effect: ['prov:activity', 'activity'], cause: ['prov:entity', 'entity'] },
  wasGeneratedBy: { effect: ['prov:entity', 'entity'], cause: ['prov:activity', 'activity'] },
  wasAssociatedWith: { effect: ['prov:activity', 'activity'], cause: ['prov:agent', 'agent'] },
  wasAttributedTo: { effect: ['prov:entity', 'entity'], cause: ['prov:agent', 'agent'] },
  wasInformedBy: { effect: ['prov:informed', 'activity'], cause: ['prov:informant', 'activity'] },
  hadMember: { effect: ['prov:collection', 'entity'], cause: ['prov:entity', 'entity'] },
  actedOnBehalfOf: { effect: ['prov:delegate', 'agent'], cause: ['prov:responsible', 'agent'] },
  wasDerivedFrom: { effect: ['prov:generatedEntity', 'entity'], cause: ['prov:usedEntity', 'entity'] },
  wasStartedBy: { effect: ['prov:activity', 'activity'], cause: ['prov:starter', 'activity'] },
  wasInfluencedBy: { effect: ['prov:influencee', 'any'], cause: ['prov:influencer', 'any'] },
};

const iriOf = (id: string) => `urn:uuid:${id}`;

/** Expands a PROV-JSON qualified name to its IRI with the document's own prefix map. */
function expand(doc: ProvJson, qname: string): string {
  const prefixes = (doc.prefix ?? {}) as unknown as Record<string, string>;
  const colon = qname.indexOf(':');
  if (colon > 0) {
    const ns = prefixes[qname.slice(0, colon)];
    if (ns !== undefined) return ns + qname.slice(colon + 1);
  }
  const fallback = prefixes.default;
  assert.ok(fallback !== undefined, `"${qname}" has no declared prefix and the document declares no default namespace`);
  return fallback + qname;
}

/** The node declared in `section` whose identifier expands to the IRI of `id`. */
function findNode(doc: ProvJson, section: NodeSection, id: string): Statement | undefined {
  const entry = Object.entries(doc[section] ?? {}).find(([qname]) => expand(doc, qname) === iriOf(id));
  return entry?.[1];
}

/** The relation statements of one kind, each as [effect IRI, cause IRI]. */
function relationPairs(doc: ProvJson, relation: string): [string, string][] {
  const spec = RELATIONS[relation];
  assert.ok(spec, `no PROV-JSON key table for ${relation}`);
  return Object.values(doc[relation] ?? {}).map((statement) => {
    const effect = statement[spec.effect[0]];
    const cause = statement[spec.cause[0]];
    assert.equal(typeof effect, 'string', `${relation} statement without ${spec.effect[0]}: ${JSON.stringify(statement)}`);
    assert.equal(typeof cause, 'string', `${relation} statement without ${spec.cause[0]}: ${JSON.stringify(statement)}`);
    return [expand(doc, effect as string), expand(doc, cause as string)];
  });
}

function assertRelation(doc: ProvJson, relation: string, effect: string, cause: string, what: string): void {
  const pairs = relationPairs(doc, relation);
  assert.ok(
    pairs.some(([e, c]) => e === iriOf(effect) && c === iriOf(cause)),
    `missing ${relation}(${effect}, ${cause}): ${what}; have ${JSON.stringify(pairs)}`,
  );
}

const XSD_DATETIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A Python interpreter that can import `prov`: $PROV_PYTHON alone if set, else `python3`, else Debian's own
 * interpreter (where python3-prov installs; a `python3` earlier on PATH may be another installation).
 */
async function findProvPython(): Promise<{ python: string; rdflib: boolean } | { reason: string }> {
  const candidates = process.env.PROV_PYTHON ? [process.env.PROV_PYTHON] : ['python3', '/usr/bin/python3'];
  const tried: string[] = [];
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import prov']);
    } catch (err) {
      tried.push(`${python}: ${(err as { code?: string }).code === 'ENOENT' ? 'not found' : 'no prov module'}`);
      continue;
    }
    const rdflib = await run(python, ['-c', 'import rdflib']).then(
      () => true,
      () => false,
    );
    return { python, rdflib };
  }
  return { reason: `no Python with the prov module (${tried.join('; ')}); install python3-prov` };
}

/** Skips locally, fails under CI: the round trip through python prov must run there. */
function unavailable(t: TestContext, reason: string): void {
  if (process.env.CI) assert.fail(`CI is set but ${reason}`);
  t.skip(reason);
}

// Reads the document with prov.read and reports what it understood.
const PY_READ = `
import json, sys
import prov
from prov.constants import PROV_N_MAP
from prov.model import ProvEntity, ProvActivity, ProvAgent, ProvRelation
d = prov.read(sys.argv[1], format='json')
def iris(cls):
    return sorted(str(r.identifier.uri) for r in d.get_records(cls))
relations = {}
for r in d.get_records(ProvRelation):
    ends = [str(v.uri) if hasattr(v, 'uri') else None for _, v in r.formal_attributes[:2]]
    relations.setdefault(PROV_N_MAP[r.get_type()], []).append(ends)
activities = {str(a.identifier.uri): [a.get_startTime().isoformat() if a.get_startTime() else None,
                                      a.get_endTime().isoformat() if a.get_endTime() else None]
              for a in d.get_records(ProvActivity)}
print(json.dumps({
    'records': len(d.get_records()),
    'entity': iris(ProvEntity), 'activity': iris(ProvActivity), 'agent': iris(ProvAgent),
    'relations': relations, 'times': activities,
}))
`;

// Serialises the document to PROV-O Turtle with python prov, parses that with rdflib, and reports
// the triples between urn:uuid: nodes.
const PY_TURTLE = `
import json, sys
import prov, rdflib
d = prov.read(sys.argv[1], format='json')
ttl = d.serialize(format='rdf', rdf_format='turtle')
g = rdflib.Graph()
g.parse(data=ttl, format='turtle')
PROV = 'http://www.w3.org/ns/prov#'
triples = sorted({(str(s), str(p)[len(PROV):], str(o)) for s, p, o in g
                  if str(p).startswith(PROV) and str(s).startswith('urn:uuid:') and str(o).startswith('urn:uuid:')})
types = sorted({(str(s), str(o)[len(PROV):]) for s, o in g.subject_objects(rdflib.RDF.type) if str(o).startswith(PROV)})
print(json.dumps({'size': len(g), 'triples': triples, 'types': types}))
`;

// Writes PROV-O Turtle with python prov, reads that Turtle back with python prov, and compares the two
// documents statement by statement: kind, identifier IRI, and every attribute as IRI and value (python prov's
// own equality too).
const PY_TURTLE_ROUND_TRIP = `
import json, sys, datetime
import prov
from prov.model import ProvDocument, QualifiedName, Literal
def canon(v):
    if isinstance(v, QualifiedName): return 'iri:' + str(v.uri)
    if isinstance(v, datetime.datetime): return 'time:' + v.isoformat()
    if isinstance(v, Literal): return 'lit:' + str(v.value) + '^^' + str(v.datatype.uri if v.datatype else '')
    return type(v).__name__ + ':' + str(v)
def statements(doc):
    out = set()
    for r in doc.unified().get_records():
        ident = str(r.identifier.uri) if r.identifier else None
        attrs = tuple(sorted((str(k.uri), canon(v)) for k, v in r.attributes))
        out.add(json.dumps([str(r.get_type().uri), ident, attrs]))
    return out
d = prov.read(sys.argv[1], format='json')
ttl = d.serialize(format='rdf', rdf_format='turtle')
back = ProvDocument.deserialize(content=ttl, format='rdf', rdf_format='turtle')
ours, theirs = statements(d), statements(back)
print(json.dumps({
    'equal': d == back,
    'records': len(d.get_records()), 'read_back': len(back.get_records()),
    'lost': sorted(ours - theirs), 'gained': sorted(theirs - ours),
    'ttl_bytes': len(ttl),
}))
`;

describe('PROV-JSON of a registered model run', () => {
  let server: TestServer;
  let world: ProvenaWorld;
  let record: Record<string, any>;
  let runId: string;
  let provJson: string;
  let doc: ProvJson;

  before(async () => {
    server = await startTestServer();
    world = await buildProvenaWorld(server, 'prov');
    // Times that are not round hours, so a unit or offset slip shows.
    record = world.record({ start_time: 1_700_000_123, end_time: 1_700_003_789 });
    const res = await server.request('POST', '/model_run/register_complete', record);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    runId = res.body.record_info.id;
    provJson = res.body.record_info.prov_json;
    assert.equal(typeof provJson, 'string');
    doc = JSON.parse(provJson);
  });

  after(async () => {
    await server?.close();
  });

  test('validates against the W3C PROV-JSON schema (draft-04)', async () => {
    const schema = JSON.parse(await fs.readFile(new URL('../fixtures/prov-json.schema.json', import.meta.url), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(doc);
    assert.ok(valid, `PROV-JSON schema errors:\n${JSON.stringify(validate.errors, null, 2)}`);

    // The validator is live: a relation endpoint that is not a URI/QName is rejected.
    const broken = structuredClone(doc);
    const firstUsed = Object.values(broken.used ?? {})[0];
    assert.ok(firstUsed, 'the document has a used statement');
    firstUsed['prov:entity'] = 'not a qualified name';
    assert.equal(validate(broken), false, 'schema accepted an endpoint that is not a URI');
  });

  test('declares each node in the section of its PROV type', () => {
    const expected: [NodeSection, string, string][] = [
      ['activity', runId, 'model run'],
      ['activity', world.study, 'study'],
      ['entity', world.model, 'model'],
      ['entity', world.workflow, 'workflow template'],
      ['entity', world.inputTemplate, 'input dataset template'],
      ['entity', world.outputTemplate, 'output dataset template'],
      ['entity', world.inputDataset, 'input dataset'],
      ['entity', world.outputDataset, 'output dataset'],
      ['agent', world.person, 'modeller'],
      ['agent', world.organisation, 'requesting organisation'],
    ];
    for (const [section, id, what] of expected) {
      assert.ok(findNode(doc, section, id), `${what} ${id} is not declared under "${section}"`);
    }
    assert.equal(findNode(doc, 'activity', runId)?.['prov:label'], record.display_name);
  });

  test('carries the relations Provena emits', () => {
    const w = world;
    assertRelation(doc, 'used', runId, w.inputDataset, 'run used its input dataset');
    assertRelation(doc, 'used', runId, w.model, 'run used the model');
    assertRelation(doc, 'used', runId, w.workflow, 'run used the workflow template');
    assertRelation(doc, 'wasGeneratedBy', w.outputDataset, runId, 'output was generated by the run');
    assertRelation(doc, 'wasAssociatedWith', runId, w.person, 'run associated with the modeller');
    assertRelation(doc, 'wasAssociatedWith', runId, w.organisation, 'run associated with the organisation');
    assertRelation(doc, 'wasAttributedTo', w.outputDataset, w.person, 'output attributed to the modeller');
    assertRelation(doc, 'hadMember', w.workflow, w.inputTemplate, 'workflow template has the input template');
    assertRelation(doc, 'hadMember', w.workflow, w.outputTemplate, 'workflow template has the output template');
    assertRelation(doc, 'hadMember', w.workflow, w.model, 'workflow template has the model');
    assertRelation(doc, 'wasInfluencedBy', w.inputDataset, w.inputTemplate, 'input dataset influenced by its template');
    assertRelation(doc, 'wasInfluencedBy', w.outputDataset, w.outputTemplate, 'output dataset influenced by its template');
    assertRelation(doc, 'wasInformedBy', runId, w.study, 'run informed by the study');
    // Provena's graph has no delegation: the organisation is reached from the run only, never through the modeller.
    assert.deepEqual(relationPairs(doc, 'actedOnBehalfOf'), [], 'no actedOnBehalfOf');

    // Inputs are used, never generated; outputs are generated, never used.
    assert.ok(!relationPairs(doc, 'used').some(([, c]) => c === iriOf(w.outputDataset)), 'run used its own output');
    assert.ok(!relationPairs(doc, 'wasGeneratedBy').some(([e]) => e === iriOf(w.inputDataset)), 'input generated by run');
  });

  test("carries Provena's attributes on every element of the run's graph, and the workflow as WORKFLOW_TEMPLATE", () => {
    const w = world;
    const expected: [NodeSection, string, string, string][] = [
      ['activity', runId, 'ACTIVITY', 'MODEL_RUN'],
      ['activity', w.study, 'ACTIVITY', 'STUDY'],
      ['entity', w.inputDataset, 'ENTITY', 'DATASET'],
      ['entity', w.outputDataset, 'ENTITY', 'DATASET'],
      ['entity', w.workflow, 'ENTITY', 'WORKFLOW_TEMPLATE'],
      ['entity', w.inputTemplate, 'ENTITY', 'DATASET_TEMPLATE'],
      ['entity', w.outputTemplate, 'ENTITY', 'DATASET_TEMPLATE'],
      ['entity', w.model, 'ENTITY', 'MODEL'],
      ['agent', w.person, 'AGENT', 'PERSON'],
      ['agent', w.organisation, 'AGENT', 'ORGANISATION'],
    ];
    for (const [section, id, category, subtype] of expected) {
      const node = findNode(doc, section, id);
      assert.equal(node?.id, id, `id attribute of ${subtype}`);
      assert.equal(node?.item_category, category, `item_category of ${subtype}`);
      assert.equal(node?.item_subtype, subtype, `item_subtype of ${subtype}`);
    }
    // The unprefixed attribute names live in Provena's default namespace, as in its own documents.
    assert.equal((doc.prefix as unknown as Record<string, string>).default, 'http://hdl.handle.net/');
  });

  test('names who lodged it by attributing the stored record, outside the lineage', async () => {
    const lodger = (await server.request('GET', '/me')).body.id as string;
    const attributions = relationPairs(doc, 'wasAttributedTo').filter(([, agent]) => agent === iriOf(lodger));
    assert.equal(attributions.length, 1, 'one attribution to the lodger');
    const [recordIri] = attributions[0]!;
    assert.ok(!recordIri.startsWith('urn:uuid:'), 'the record, not a lineage node, is attributed');
    assert.ok(Object.keys(doc.entity ?? {}).some((q) => expand(doc, q) === recordIri), 'the record is a declared entity');
    assert.ok(!relationPairs(doc, 'wasAssociatedWith').some(([, agent]) => agent === iriOf(lodger)), 'the run is not associated with the lodger');
    // Neither the lodger nor the record is a lineage node: no walk reaches them.
    const up = await server.request('GET', `/explore/upstream?starting_id=${runId}&depth=3`);
    assert.equal(up.status, 200);
    assert.ok(!up.body.graph.nodes.some((n: { id: string }) => n.id === lodger), 'lodger not in the lineage');
    assert.equal((await server.request('GET', `/explore/upstream?starting_id=${lodger}`)).status, 404, 'lodger is no lineage node');
  });

  test('every relation joins declared nodes of the kinds PROV-DM requires', () => {
    const declared = new Map<string, NodeSection>();
    for (const section of NODE_SECTIONS) {
      for (const qname of Object.keys(doc[section] ?? {})) declared.set(expand(doc, qname), section);
    }
    const allowed = new Set(['prefix', ...NODE_SECTIONS, ...Object.keys(RELATIONS)]);
    for (const key of Object.keys(doc)) assert.ok(allowed.has(key), `unexpected top-level key "${key}"`);

    for (const [relation, spec] of Object.entries(RELATIONS)) {
      for (const pair of relationPairs(doc, relation)) {
        for (const [iri, kind] of [
          [pair[0], spec.effect[1]],
          [pair[1], spec.cause[1]],
        ] as const) {
          const section = declared.get(iri);
          assert.ok(section, `${relation}: ${iri} is not declared in the document`);
          if (kind !== 'any') assert.equal(section, kind, `${relation}: ${iri} should be a declared ${kind}`);
        }
      }
    }
    // Relation identifiers are distinct blank nodes across the whole document.
    const relationIds = Object.keys(RELATIONS).flatMap((relation) => Object.keys(doc[relation] ?? {}));
    assert.equal(new Set(relationIds).size, relationIds.length, 'relation identifiers repeat');
  });

  test('the run activity has start and end times with an explicit offset, equal to the record', () => {
    const activity = findNode(doc, 'activity', runId);
    assert.ok(activity, 'run activity declared');
    const times: [string, number][] = [
      ['prov:startTime', record.start_time],
      ['prov:endTime', record.end_time],
    ];
    for (const [key, seconds] of times) {
      const value: unknown = activity[key];
      assert.ok(typeof value === 'string', `${key} is a string`);
      assert.match(value, XSD_DATETIME_WITH_OFFSET, `${key} is an xsd:dateTime with an explicit offset`);
      assert.match(value, /Z$/, `${key} is written in UTC`);
      assert.equal(Date.parse(value) / 1000, seconds, `${key} equals the record's unix seconds`);
    }
  });

  describe('read by python prov', () => {
    let dir: string;
    let file: string;
    let found: Awaited<ReturnType<typeof findProvPython>>;

    before(async () => {
      found = await findProvPython();
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runledger-prov-'));
      file = path.join(dir, 'run.json');
      await fs.writeFile(file, provJson);
    });

    after(async () => {
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    test('prov.read round-trips every node, relation and time', async (t) => {
      if ('reason' in found) return unavailable(t, found.reason);
      const { stdout } = await run(found.python, ['-c', PY_READ, file]);
      const read = JSON.parse(stdout) as {
        records: number;
        entity: string[];
        activity: string[];
        agent: string[];
        relations: Record<string, [string, string][]>;
        times: Record<string, [string | null, string | null]>;
      };

      for (const section of NODE_SECTIONS) {
        const ours = Object.keys(doc[section] ?? {}).map((q) => expand(doc, q)).sort();
        assert.deepEqual(read[section], ours, `${section} records as python prov reads them`);
      }
      const relationSections = Object.keys(doc).filter((k) => k !== 'prefix' && !(NODE_SECTIONS as readonly string[]).includes(k));
      let relationCount = 0;
      for (const relation of relationSections) {
        const ours = Object.values(doc[relation] ?? {}).length;
        relationCount += ours;
        assert.equal(read.relations[relation]?.length ?? 0, ours, `${relation} statements as python prov reads them`);
      }
      assert.deepEqual(Object.keys(read.relations).sort(), relationSections.sort(), 'relation kinds');
      const nodeCount = NODE_SECTIONS.reduce((n, s) => n + Object.keys(doc[s] ?? {}).length, 0);
      assert.equal(read.records, nodeCount + relationCount, 'total records');

      // Direction survives: python prov's first two formal attributes are effect and cause.
      const used = read.relations.used ?? [];
      assert.ok(used.some(([a, e]) => a === iriOf(runId) && e === iriOf(world.model)), 'used(run, model) read back');
      const generated = read.relations.wasGeneratedBy ?? [];
      assert.ok(generated.some(([e, a]) => e === iriOf(world.outputDataset) && a === iriOf(runId)), 'wasGeneratedBy read back');

      const [start, end] = read.times[iriOf(runId)] ?? [null, null];
      assert.ok(start && end, 'python prov read both run times');
      assert.equal(Date.parse(start) / 1000, record.start_time, 'start time as python prov reads it');
      assert.equal(Date.parse(end) / 1000, record.end_time, 'end time as python prov reads it');
    });

    test('PROV-O Turtle written by python prov reads back as the same document', async (t) => {
      if ('reason' in found) return unavailable(t, found.reason);
      if (!found.rdflib) return t.skip('rdflib is not importable by the prov interpreter; install python3-rdflib');
      const { stdout } = await run(found.python, ['-c', PY_TURTLE_ROUND_TRIP, file]);
      const trip = JSON.parse(stdout) as { equal: boolean; records: number; read_back: number; lost: string[]; gained: string[]; ttl_bytes: number };
      assert.ok(trip.ttl_bytes > 0, 'Turtle written');
      assert.deepEqual(trip.lost, [], 'no statement lost through Turtle');
      assert.deepEqual(trip.gained, [], 'no statement gained through Turtle');
      assert.equal(trip.read_back, trip.records, 'as many records read back as written');
      assert.equal(trip.equal, true, 'python prov finds the documents equal');
      // The round trip is live: the record count covers every node and relation of the document.
      const statements = Object.entries(doc)
        .filter(([k]) => k !== 'prefix')
        .reduce((n, [, section]) => n + Object.keys(section).length, 0);
      assert.equal(trip.records, statements);
    });

    test("a run registered through Provena's register route has the same graph, and its Turtle round trips too", async (t) => {
      if ('reason' in found) return unavailable(t, found.reason);
      if (!found.rdflib) return t.skip('rdflib is not importable by the prov interpreter; install python3-rdflib');
      const res = await call(server, 'writer', 'POST', '/provena/prov/model_run/register', record);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const job = await awaitSuccess(server, 'writer', res.body.session_id);
      const viaJob = job.result.record as { id: string; prov_json: string };
      const other = JSON.parse(viaJob.prov_json) as ProvJson;
      // The same statements as register_complete's, but for the run's own id and its lodger's attribution: each
      // statement by its section, its identifier (blank relation ids aside) and every attribute by name.
      const shape = (d: ProvJson, id: string) =>
        Object.entries(JSON.parse(JSON.stringify(d).replaceAll(id, 'RUN')) as ProvJson)
          .filter(([k]) => k !== 'prefix')
          .flatMap(([section, statements]) =>
            Object.entries(statements).map(
              ([key, st]) => `${section} ${key.startsWith('_:') ? '_' : key} ${JSON.stringify(Object.entries(st).sort())}`,
            ),
          )
          .filter((line) => !line.includes('runledger:record-') && !line.includes('api-key:') && !line.includes('"admin"'))
          .sort();
      const ours = shape(doc, runId);
      assert.ok(ours.length >= 20, `the run's graph itself is compared (${ours.length} statements)`);
      assert.deepEqual(shape(other, viaJob.id), ours);
      const jobFile = path.join(dir, 'via-job.json');
      await fs.writeFile(jobFile, viaJob.prov_json);
      const { stdout } = await run(found.python, ['-c', PY_TURTLE_ROUND_TRIP, jobFile]);
      const trip = JSON.parse(stdout) as { equal: boolean; lost: string[]; gained: string[] };
      assert.deepEqual([trip.lost, trip.gained, trip.equal], [[], [], true]);
    });

    test('PROV-O Turtle from python prov parses with rdflib and keeps the relations', async (t) => {
      if ('reason' in found) return unavailable(t, found.reason);
      if (!found.rdflib) return t.skip('rdflib is not importable by the prov interpreter; install python3-rdflib');
      const { stdout } = await run(found.python, ['-c', PY_TURTLE, file]);
      const graph = JSON.parse(stdout) as { size: number; triples: [string, string, string][]; types: [string, string][] };
      assert.ok(graph.size > 0, 'non-empty graph');
      const has = (s: string, p: string, o: string) =>
        graph.triples.some(([ts, tp, to]) => ts === iriOf(s) && tp === p && to === iriOf(o));
      assert.ok(has(runId, 'used', world.inputDataset), 'prov:used input');
      assert.ok(has(runId, 'used', world.model), 'prov:used model');
      assert.ok(has(world.outputDataset, 'wasGeneratedBy', runId), 'prov:wasGeneratedBy');
      assert.ok(has(runId, 'wasAssociatedWith', world.person), 'prov:wasAssociatedWith modeller');
      assert.ok(has(world.outputDataset, 'wasAttributedTo', world.person), 'prov:wasAttributedTo');
      assert.ok(has(world.workflow, 'hadMember', world.inputTemplate), 'prov:hadMember');
      assert.ok(has(world.inputDataset, 'wasInfluencedBy', world.inputTemplate), 'prov:wasInfluencedBy');
      assert.ok(has(runId, 'wasInformedBy', world.study), 'prov:wasInformedBy');
      const typed = (id: string, type: string) => graph.types.some(([s, o]) => s === iriOf(id) && o === type);
      assert.ok(typed(runId, 'Activity'), 'run is a prov:Activity');
      assert.ok(typed(world.person, 'Agent'), 'modeller is a prov:Agent');
      assert.ok(typed(world.model, 'Entity'), 'model is a prov:Entity');
    });
  });
});
