import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RELATIONS, type LineageNode, type Relation } from '../domain/lineage-vocabulary.js';
import { PROVENA_DEFAULT_NS, ProvDocument, RUNLEDGER_NS, UUID_NS, UUID_PREFIX, qualifiedName } from './document.js';

const A = '0192a000-0000-7000-8000-00000000000a';
const B = '0192a000-0000-7000-8000-00000000000b';
const C = '0192a000-0000-7000-8000-00000000000c';

const activity = (id: string, name = 'act'): LineageNode => ({
  id,
  item_category: 'ACTIVITY',
  item_subtype: 'MODEL_RUN',
  display_name: name,
});
const entity = (id: string, name = 'ent'): LineageNode => ({
  id,
  item_category: 'ENTITY',
  item_subtype: 'DATASET',
  display_name: name,
});
const agent = (id: string, name = 'agt'): LineageNode => ({
  id,
  item_category: 'AGENT',
  item_subtype: 'PERSON',
  display_name: name,
});

// PROV-JSON (W3C Member Submission, §3): the keys of each relation's effect and cause, written out from the
// spec rather than read from the implementation.
const PROV_JSON_KEYS: Record<Relation, [effect: string, cause: string]> = {
  used: ['prov:activity', 'prov:entity'],
  wasGeneratedBy: ['prov:entity', 'prov:activity'],
  wasAssociatedWith: ['prov:activity', 'prov:agent'],
  wasAttributedTo: ['prov:entity', 'prov:agent'],
  wasDerivedFrom: ['prov:generatedEntity', 'prov:usedEntity'],
  wasInformedBy: ['prov:informed', 'prov:informant'],
  wasStartedBy: ['prov:activity', 'prov:starter'],
  hadMember: ['prov:collection', 'prov:entity'],
  wasInfluencedBy: ['prov:influencee', 'prov:influencer'],
  actedOnBehalfOf: ['prov:delegate', 'prov:responsible'],
};

type Json = Record<string, Record<string, Record<string, unknown>>>;
const json = (doc: ProvDocument) => doc.toJSON() as Json;

describe('ProvDocument', () => {
  test('a node added twice is kept once, with its first name and attributes', () => {
    const doc = new ProvDocument()
      .node(entity(A, 'first'), { 'runledger:n': 1 })
      .node(entity(A, 'second'), { 'runledger:n': 2 })
      .node(entity(B));
    assert.deepEqual(doc.lineageNodes(), [entity(A, 'first'), entity(B)]);
    const section = json(doc).entity ?? {};
    assert.deepEqual(Object.keys(section), [qualifiedName(A), qualifiedName(B)]);
    assert.equal(section[qualifiedName(A)]?.['prov:label'], 'first');
    assert.equal(section[qualifiedName(A)]?.['runledger:n'], 1);
  });

  test('a relation added twice is kept once; the same ends under another relation or direction are not', () => {
    const doc = new ProvDocument()
      .relate('wasDerivedFrom', A, B)
      .relate('wasDerivedFrom', A, B, { 'prov:label': 'again' })
      .relate('wasInfluencedBy', A, B)
      .relate('wasDerivedFrom', B, A);
    assert.deepEqual(doc.lineageEdges(), [
      { source: A, target: B, relation: 'wasDerivedFrom' },
      { source: A, target: B, relation: 'wasInfluencedBy' },
      { source: B, target: A, relation: 'wasDerivedFrom' },
    ]);
    const derived = Object.values(json(doc).wasDerivedFrom ?? {});
    assert.equal(derived.length, 2);
    assert.ok(!derived.some((statement) => 'prov:label' in statement), 'the duplicate did not add its attributes');
  });

  describe('each relation', () => {
    test('the vocabulary and this table name the same relations', () => {
      assert.deepEqual(Object.keys(PROV_JSON_KEYS).sort(), [...RELATIONS].sort());
    });

    for (const relation of RELATIONS) {
      const [effectKey, causeKey] = PROV_JSON_KEYS[relation];

      test(`${relation}: lineage edge points effect → cause`, () => {
        const doc = new ProvDocument().relate(relation, A, B);
        assert.deepEqual(doc.lineageEdges(), [{ source: A, target: B, relation }]);
      });

      test(`${relation}: PROV-JSON statement uses ${effectKey} / ${causeKey}`, () => {
        const doc = new ProvDocument().relate(relation, A, B, { 'prov:role': 'runledger:r' });
        const out = json(doc);
        const statements = out[relation];
        assert.ok(statements, `no "${relation}" section`);
        assert.deepEqual(Object.keys(statements), ['_:r1']);
        assert.deepEqual(statements['_:r1'], {
          [effectKey]: qualifiedName(A),
          [causeKey]: qualifiedName(B),
          'prov:role': 'runledger:r',
        });
      });
    }
  });

  test("nodes go to the section of their category, with label and Provena's attributes", () => {
    const doc = new ProvDocument()
      .node(activity(A, 'Run'), { 'prov:startTime': '2024-01-01T00:00:00.000Z' })
      .node(entity(B, 'Data'))
      .node(agent(C, 'Ada'));
    const out = json(doc);
    assert.deepEqual(out.activity, {
      [qualifiedName(A)]: {
        'prov:label': 'Run',
        id: A,
        item_category: 'ACTIVITY',
        item_subtype: 'MODEL_RUN',
        'prov:startTime': '2024-01-01T00:00:00.000Z',
      },
    });
    assert.deepEqual(Object.keys(out.entity ?? {}), [qualifiedName(B)]);
    assert.deepEqual(Object.keys(out.agent ?? {}), [qualifiedName(C)]);
    assert.equal(out.agent?.[qualifiedName(C)]?.item_category, 'AGENT');
  });

  test('identifiers are prefixed QNames that expand to urn:uuid: IRIs through the declared prefixes', () => {
    const out = json(new ProvDocument().node(entity(A)).relate('used', B, A));
    // The default namespace (Provena's) names the unprefixed attributes only; no identifier relies on it.
    assert.deepEqual(out.prefix, { default: PROVENA_DEFAULT_NS, [UUID_PREFIX]: UUID_NS, runledger: RUNLEDGER_NS });
    const prefixes = out.prefix as unknown as Record<string, string>;
    const expand = (qname: string) => {
      const [prefix, ...local] = qname.split(':');
      const ns = prefixes[prefix ?? ''];
      assert.ok(ns, `prefix of ${qname} is declared`);
      return ns + local.join(':');
    };
    const [declared] = Object.keys(out.entity ?? {});
    assert.equal(expand(declared ?? ''), `urn:uuid:${A}`);
    const used = out.used?.['_:r1'] ?? {};
    assert.equal(expand(used['prov:activity'] as string), `urn:uuid:${B}`);
    assert.equal(expand(used['prov:entity'] as string), `urn:uuid:${A}`);
  });

  test('relation identifiers are distinct blank nodes across sections, and the lineage has no prefixes', () => {
    const doc = new ProvDocument()
      .relate('used', A, B)
      .relate('wasGeneratedBy', C, A)
      .relate('used', A, C);
    const out = json(doc);
    assert.deepEqual(Object.keys(out.used ?? {}), ['_:r1', '_:r3']);
    assert.deepEqual(Object.keys(out.wasGeneratedBy ?? {}), ['_:r2']);
    for (const edge of doc.lineageEdges()) {
      assert.ok(!edge.source.includes(':') && !edge.target.includes(':'), 'lineage edges carry bare ids');
    }
  });

  test('statements about the record are serialised but are no lineage node or edge', () => {
    const doc = new ProvDocument()
      .node(entity(A))
      .relate('used', B, A)
      .recordNode('entity', 'runledger:record-x', { 'prov:label': 'record' })
      .recordNode('agent', qualifiedName(C), { 'prov:label': 'lodger' })
      .recordRelation('wasAttributedTo', 'runledger:record-x', qualifiedName(C));
    const out = json(doc);
    assert.deepEqual(out.wasAttributedTo, { '_:r2': { 'prov:entity': 'runledger:record-x', 'prov:agent': qualifiedName(C) } });
    assert.deepEqual(Object.keys(out.agent ?? {}), [qualifiedName(C)]);
    assert.deepEqual(doc.lineageNodes().map((n) => n.id), [A]);
    assert.deepEqual(doc.lineageEdges(), [{ source: B, target: A, relation: 'used' }]);
  });

  test('an empty document has only its prefixes', () => {
    assert.deepEqual(Object.keys(new ProvDocument().toJSON()), ['prefix']);
  });
});
