// PROV-JSON (W3C Member Submission, 2013) read back into elements and relations, for the text
// serialisations (PROV-N, PROV-O Turtle) written from a document as the API serves it.
import type { Relation } from '../domain/lineage-vocabulary.js';

export type AttributeValue = string | number | boolean | { $: string; type?: string; lang?: string };

export interface ReadElement {
  kind: 'entity' | 'activity' | 'agent';
  id: string;
  attributes: [string, AttributeValue][];
}

export interface ReadRelation {
  relation: Relation;
  /** The relation's members by PROV-JSON key (`prov:activity`, `prov:entity`, …). */
  members: Record<string, string>;
  /** Everything else: `prov:time`, `prov:role`, extensions. */
  attributes: [string, AttributeValue][];
}

export interface ReadDocument {
  prefixes: Record<string, string>;
  elements: ReadElement[];
  relations: ReadRelation[];
}

/** Each relation's members in PROV-DM's order (PROV-JSON §3.2; PROV-N §3). */
export const RELATION_MEMBERS: Record<Relation, string[]> = {
  used: ['prov:activity', 'prov:entity', 'prov:time'],
  wasGeneratedBy: ['prov:entity', 'prov:activity', 'prov:time'],
  wasAssociatedWith: ['prov:activity', 'prov:agent', 'prov:plan'],
  wasAttributedTo: ['prov:entity', 'prov:agent'],
  wasDerivedFrom: ['prov:generatedEntity', 'prov:usedEntity', 'prov:activity', 'prov:generation', 'prov:usage'],
  wasInformedBy: ['prov:informed', 'prov:informant'],
  wasStartedBy: ['prov:activity', 'prov:trigger', 'prov:starter', 'prov:time'],
  hadMember: ['prov:collection', 'prov:entity'],
  wasInfluencedBy: ['prov:influencee', 'prov:influencer'],
  actedOnBehalfOf: ['prov:delegate', 'prov:responsible', 'prov:activity'],
};

const ELEMENT_KINDS = ['entity', 'activity', 'agent'] as const;

function isValue(value: unknown): value is AttributeValue {
  if (['string', 'number', 'boolean'].includes(typeof value)) return true;
  return typeof value === 'object' && value !== null && typeof (value as { $?: unknown }).$ === 'string';
}

/** Attributes as pairs; a list value (PROV-JSON's repeated attribute) becomes one pair per item. */
function attributesOf(body: Record<string, unknown>, skip: ReadonlySet<string>): [string, AttributeValue][] {
  const pairs: [string, AttributeValue][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (skip.has(key)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isValue(item)) pairs.push([key, item]);
      else pairs.push([key, JSON.stringify(item)]);
    }
  }
  return pairs;
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function readProvJson(doc: Record<string, unknown>): ReadDocument {
  const prefixes = Object.fromEntries(Object.entries(asObject(doc.prefix)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const elements: ReadElement[] = [];
  for (const kind of ELEMENT_KINDS) {
    for (const [id, body] of Object.entries(asObject(doc[kind]))) elements.push({ kind, id, attributes: attributesOf(asObject(body), new Set()) });
  }
  const relations: ReadRelation[] = [];
  for (const relation of Object.keys(RELATION_MEMBERS) as Relation[]) {
    const keys = RELATION_MEMBERS[relation].filter((k) => k !== 'prov:time');
    for (const body of Object.values(asObject(doc[relation]))) {
      const fields = asObject(body);
      const members = Object.fromEntries(keys.filter((k) => typeof fields[k] === 'string').map((k) => [k, fields[k] as string]));
      relations.push({ relation, members, attributes: attributesOf(fields, new Set(keys)) });
    }
  }
  return { prefixes, elements, relations };
}

/** A QName whose prefix the document declares, e.g. `runledger:inputs`: written as a name, not a string. */
export function isDeclaredQName(value: AttributeValue, prefixes: Record<string, string>): value is string {
  if (typeof value !== 'string') return false;
  const match = /^([A-Za-z_][\w.-]*):[^\s"'<>]+$/.exec(value);
  return match !== null && (match[1] === 'prov' || match[1] === 'xsd' || match[1]! in prefixes);
}

/** Attributes PROV-DM gives a QName value (PROV-DM §5.7.2), as against string literals. */
export const QNAME_ATTRIBUTES = new Set(['prov:type', 'prov:role']);
