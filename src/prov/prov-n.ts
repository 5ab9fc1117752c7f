// PROV-N (W3C Recommendation, 2013) written from a PROV-JSON document: what `runledger prov export --format provn` prints.
import { isDeclaredQName, QNAME_ATTRIBUTES, readProvJson, RELATION_MEMBERS, type AttributeValue } from './prov-json-read.js';

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;

function literal(key: string, value: AttributeValue, prefixes: Record<string, string>): string {
  if (typeof value === 'object') return value.lang ? `${quote(value.$)}@${value.lang}` : `${quote(value.$)}${value.type ? ` %% ${value.type}` : ''}`;
  if (typeof value === 'boolean') return `"${value}" %% xsd:boolean`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : `"${value}" %% xsd:double`;
  if (QNAME_ATTRIBUTES.has(key) && isDeclaredQName(value, prefixes)) return `'${value}'`;
  return quote(value);
}

function attributeList(pairs: [string, AttributeValue][], prefixes: Record<string, string>): string {
  return pairs.length === 0 ? '' : `, [${pairs.map(([k, v]) => `${k}=${literal(k, v, prefixes)}`).join(', ')}]`;
}

const timeOf = (value: AttributeValue | undefined) => (value === undefined ? '-' : typeof value === 'object' ? value.$ : String(value));

export function toProvN(json: Record<string, unknown>): string {
  const doc = readProvJson(json);
  const lines = ['document'];
  for (const [prefix, iri] of Object.entries(doc.prefixes)) lines.push(prefix === 'default' ? `  default <${iri}>` : `  prefix ${prefix} <${iri}>`);
  for (const element of doc.elements) {
    if (element.kind === 'activity') {
      const start = element.attributes.find(([k]) => k === 'prov:startTime')?.[1];
      const end = element.attributes.find(([k]) => k === 'prov:endTime')?.[1];
      const rest = element.attributes.filter(([k]) => k !== 'prov:startTime' && k !== 'prov:endTime');
      lines.push(`  activity(${element.id}, ${timeOf(start)}, ${timeOf(end)}${attributeList(rest, doc.prefixes)})`);
    } else {
      lines.push(`  ${element.kind}(${element.id}${attributeList(element.attributes, doc.prefixes)})`);
    }
  }
  for (const { relation, members, attributes } of doc.relations) {
    const time = attributes.find(([k]) => k === 'prov:time')?.[1];
    const rest = attributes.filter(([k]) => k !== 'prov:time');
    const args = RELATION_MEMBERS[relation].map((key) => (key === 'prov:time' ? timeOf(time) : (members[key] ?? '-')));
    // hadMember takes no optional members and no attributes (PROV-N §3.6.1).
    if (relation === 'hadMember') lines.push(`  hadMember(${args.join(', ')})`);
    else lines.push(`  ${relation}(${args.join(', ')}${attributeList(rest, doc.prefixes)})`);
  }
  lines.push('endDocument');
  return `${lines.join('\n')}\n`;
}
