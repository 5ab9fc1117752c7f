// PROV-O (W3C Recommendation, 2013) in Turtle, written from a PROV-JSON document: each element typed, its
// attributes as properties, each relation as its unqualified property, plus the qualified form (prov:Usage,
// prov:Association, …) when the relation carries a time, a role or other attributes.
import type { Relation } from '../domain/lineage-vocabulary.js';
import { isDeclaredQName, QNAME_ATTRIBUTES, readProvJson, type AttributeValue, type ReadRelation } from './prov-json-read.js';

const PROV = 'http://www.w3.org/ns/prov#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

const ELEMENT_CLASS = { entity: 'prov:Entity', activity: 'prov:Activity', agent: 'prov:Agent' } as const;

/** For each relation: its subject and object members, its qualified property, class and object property. */
const QUALIFIED: Record<Relation, { subject: string; object: string; property: string; cls: string; objectProperty: string }> = {
  used: { subject: 'prov:activity', object: 'prov:entity', property: 'qualifiedUsage', cls: 'Usage', objectProperty: 'entity' },
  wasGeneratedBy: { subject: 'prov:entity', object: 'prov:activity', property: 'qualifiedGeneration', cls: 'Generation', objectProperty: 'activity' },
  wasAssociatedWith: { subject: 'prov:activity', object: 'prov:agent', property: 'qualifiedAssociation', cls: 'Association', objectProperty: 'agent' },
  wasAttributedTo: { subject: 'prov:entity', object: 'prov:agent', property: 'qualifiedAttribution', cls: 'Attribution', objectProperty: 'agent' },
  wasDerivedFrom: { subject: 'prov:generatedEntity', object: 'prov:usedEntity', property: 'qualifiedDerivation', cls: 'Derivation', objectProperty: 'entity' },
  wasInformedBy: { subject: 'prov:informed', object: 'prov:informant', property: 'qualifiedCommunication', cls: 'Communication', objectProperty: 'activity' },
  wasStartedBy: { subject: 'prov:activity', object: 'prov:starter', property: 'qualifiedStart', cls: 'Start', objectProperty: 'hadActivity' },
  hadMember: { subject: 'prov:collection', object: 'prov:entity', property: '', cls: '', objectProperty: '' },
  wasInfluencedBy: { subject: 'prov:influencee', object: 'prov:influencer', property: 'qualifiedInfluence', cls: 'Influence', objectProperty: 'influencer' },
  actedOnBehalfOf: { subject: 'prov:delegate', object: 'prov:responsible', property: 'qualifiedDelegation', cls: 'Delegation', objectProperty: 'agent' },
};

const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

export function toTurtle(json: Record<string, unknown>): string {
  const doc = readProvJson(json);
  const namespaces: Record<string, string> = { prov: PROV, xsd: XSD, rdfs: RDFS, ...doc.prefixes };
  /** A QName as a full IRI: node ids hold characters (`/` in handles) Turtle's prefixed names do not allow. */
  const iri = (qname: string) => {
    const colon = qname.indexOf(':');
    const [prefix, local] = colon < 0 ? ['default', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
    const base = namespaces[prefix];
    return `<${base === undefined ? qname : base + local}>`;
  };
  const value = (key: string, v: AttributeValue): string => {
    if (typeof v === 'object') return v.lang ? `"${escape(v.$)}"@${v.lang}` : `"${escape(v.$)}"${v.type ? `^^${iri(v.type)}` : ''}`;
    if (typeof v === 'boolean') return `"${v}"^^xsd:boolean`;
    if (typeof v === 'number') return Number.isInteger(v) ? `"${v}"^^xsd:integer` : `"${v}"^^xsd:double`;
    if (QNAME_ATTRIBUTES.has(key) && isDeclaredQName(v, doc.prefixes)) return iri(v);
    return `"${escape(v)}"`;
  };
  const dateTime = (v: AttributeValue) => `"${escape(typeof v === 'object' ? v.$ : String(v))}"^^xsd:dateTime`;
  /** The PROV-O property of an attribute (PROV-O §4: prov:label is rdfs:label, prov:type is rdf:type). */
  const property = (key: string, v: AttributeValue): [string, string] => {
    if (key === 'prov:label') return ['rdfs:label', value(key, v)];
    if (key === 'prov:type') return [isDeclaredQName(v, doc.prefixes) ? 'a' : 'prov:type', value(key, v)];
    if (key === 'prov:role') return ['prov:hadRole', value(key, v)];
    if (key === 'prov:startTime') return ['prov:startedAtTime', dateTime(v)];
    if (key === 'prov:endTime') return ['prov:endedAtTime', dateTime(v)];
    if (key === 'prov:time') return ['prov:atTime', dateTime(v)];
    return [iri(key), value(key, v)];
  };

  const out = ['@prefix prov: <http://www.w3.org/ns/prov#> .', '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .', '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .', ''];
  for (const element of doc.elements) {
    const props = [['a', ELEMENT_CLASS[element.kind]] as [string, string], ...element.attributes.map(([k, v]) => property(k, v))];
    out.push(`${iri(element.id)}\n  ${props.map(([p, o]) => `${p} ${o}`).join(' ;\n  ')} .`);
  }
  for (const r of doc.relations) out.push(...relationTriples(r, iri, property));
  return `${out.join('\n')}\n`;
}

function relationTriples(r: ReadRelation, iri: (q: string) => string, property: (k: string, v: AttributeValue) => [string, string]): string[] {
  const q = QUALIFIED[r.relation];
  const subject = r.members[q.subject];
  const object = r.members[q.object];
  if (!subject || !object) return [];
  const triples: string[] = [];
  // prov:wasStartedBy names the triggering entity; a starting activity is said by the qualified form alone.
  if (r.relation !== 'wasStartedBy') triples.push(`${iri(subject)} prov:${r.relation} ${iri(object)} .`);
  const extra = Object.entries(r.members).filter(([k]) => k !== q.subject && k !== q.object);
  if (r.relation === 'hadMember' || (r.attributes.length === 0 && extra.length === 0 && r.relation !== 'wasStartedBy')) return triples;
  const props = [`a prov:${q.cls}`, `prov:${q.objectProperty} ${iri(object)}`];
  for (const [key, member] of extra) {
    const name = key === 'prov:plan' ? 'prov:hadPlan' : key === 'prov:trigger' ? 'prov:entity' : key === 'prov:activity' ? 'prov:hadActivity' : key;
    props.push(`${name} ${iri(member)}`);
  }
  for (const [k, v] of r.attributes) props.push(property(k, v).join(' '));
  triples.push(`${iri(subject)} prov:${q.property} [\n  ${props.join(' ;\n  ')}\n] .`);
  return triples;
}
