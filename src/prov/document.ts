// A small PROV-DM document model. It serialises to PROV-JSON (W3C Member Submission, 2013) and yields
// the same statements as lineage nodes and edges, so the stored graph and the document never disagree.
import { isUuid } from '../domain/ids.js';
import type { ItemCategory, ItemSubtype, LineageEdge, LineageNode, Relation } from '../domain/lineage-vocabulary.js';

export const RUNLEDGER_NS = 'https://w3id.org/runledger/ns#';
/**
 * Every node id is a UUID, written as the QName `uuid:<id>`, i.e. the IRI urn:uuid:<id>. The prefix is explicit
 * rather than the `default` namespace because the W3C PROV-JSON schema types every relation endpoint as
 * `"format": "uri"`, which a bare (unprefixed) UUID is not; a prefixed QName is, and denotes the same IRI.
 */
export const UUID_PREFIX = 'uuid';
export const UUID_NS = 'urn:uuid:';
/**
 * Provena's default namespace. Its documents name element attributes without a prefix (`id`, `item_category`,
 * `item_subtype`), which python prov reads in the default namespace; ours carry the same names in the same
 * namespace, so a PROV-O reader sees the same attribute IRIs in both. No identifier uses it.
 */
export const PROVENA_DEFAULT_NS = 'http://hdl.handle.net/';
/** Registry items imported from Provena keep their handle ids (e.g. 10378.1/1704799): those are Handle System names. */
export const HANDLE_PREFIX = 'hdl';
export const HANDLE_NS = 'https://hdl.handle.net/';

/** The PROV-JSON identifier of a node id. */
export function qualifiedName(id: string): string {
  return `${isUuid(id) ? UUID_PREFIX : HANDLE_PREFIX}:${id}`;
}

type Scalar = string | number | boolean;
type Attributes = Record<string, Scalar>;
type Section = 'entity' | 'activity' | 'agent';

export type ProvJson = Record<string, Record<string, unknown>>;

// The two PROV-JSON keys of each relation: [effect, cause] (PROV-JSON §3.2).
const RELATION_KEYS: Record<Relation, [string, string]> = {
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

const CATEGORY_KEY: Record<ItemCategory, Section> = {
  ENTITY: 'entity',
  ACTIVITY: 'activity',
  AGENT: 'agent',
};

export class ProvDocument {
  private readonly nodes = new Map<string, LineageNode & { attributes: Attributes }>();
  private readonly relations: (LineageEdge & { attributes: Attributes })[] = [];
  private readonly relationKeys = new Set<string>();
  // Statements about the document rather than the subject (who lodged a record): serialised, never lineage.
  private readonly recordNodes: { section: Section; qname: string; attributes: Attributes }[] = [];
  private readonly recordRelations: { relation: Relation; effect: string; cause: string }[] = [];

  node(node: LineageNode, attributes: Attributes = {}): this {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, { ...node, attributes });
    return this;
  }

  relate(relation: Relation, effect: string, cause: string, attributes: Attributes = {}): this {
    const key = `${relation}|${effect}|${cause}`;
    if (this.relationKeys.has(key)) return this;
    this.relationKeys.add(key);
    this.relations.push({ relation, source: effect, target: cause, attributes });
    return this;
  }

  /** A node of the document only, named by a QName of its own; it is not a node of the lineage graph. */
  recordNode(section: Section, qname: string, attributes: Attributes): this {
    this.recordNodes.push({ section, qname, attributes });
    return this;
  }

  /** A relation of the document only, between QNames; it is not an edge of the lineage graph. */
  recordRelation(relation: Relation, effect: string, cause: string): this {
    this.recordRelations.push({ relation, effect, cause });
    return this;
  }

  lineageNodes(): LineageNode[] {
    return [...this.nodes.values()].map(({ id, item_category, item_subtype, display_name }) => ({
      id,
      item_category,
      item_subtype,
      display_name,
    }));
  }

  lineageEdges(): LineageEdge[] {
    return this.relations.map(({ source, target, relation }) => ({ source, target, relation }));
  }

  toJSON(): ProvJson {
    const prefix: Record<string, string> = { default: PROVENA_DEFAULT_NS, [UUID_PREFIX]: UUID_NS, runledger: RUNLEDGER_NS };
    if ([...this.nodes.keys()].some((id) => !isUuid(id))) prefix[HANDLE_PREFIX] = HANDLE_NS;
    const doc: ProvJson = { prefix };
    for (const node of this.nodes.values()) {
      const section = (doc[CATEGORY_KEY[node.item_category]] ??= {});
      section[qualifiedName(node.id)] = {
        'prov:label': node.display_name,
        id: node.id,
        item_category: node.item_category,
        item_subtype: node.item_subtype as ItemSubtype,
        ...node.attributes,
      };
    }
    for (const { section, qname, attributes } of this.recordNodes) (doc[section] ??= {})[qname] = attributes;
    const relations = [
      ...this.relations.map((edge) => ({ relation: edge.relation, effect: qualifiedName(edge.source), cause: qualifiedName(edge.target), attributes: edge.attributes })),
      ...this.recordRelations.map((r) => ({ ...r, attributes: {} })),
    ];
    relations.forEach(({ relation, effect, cause, attributes }, index) => {
      const [effectKey, causeKey] = RELATION_KEYS[relation];
      (doc[relation] ??= {})[`_:r${index + 1}`] = { [effectKey]: effect, [causeKey]: cause, ...attributes };
    });
    return doc;
  }
}
