import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProvDocument } from './document.js';
import { toProvN } from './prov-n.js';
import { toTurtle } from './prov-turtle.js';

const RUN = '0190b1a2-7c3d-7e4f-8a5b-6c7d8e9f0a1b';
const DATA = '0190b1a2-7c3d-7e4f-8a5b-6c7d8e9f0a1c';
const STEP = '0190b1a2-7c3d-7e4f-8a5b-6c7d8e9f0a1d';

function document() {
  return new ProvDocument()
    .node({ id: RUN, item_category: 'ACTIVITY', item_subtype: 'MODEL_RUN', display_name: 'A "quoted" run' }, { 'prov:startTime': '2024-01-01T00:00:00.000Z', 'runledger:order': 3 })
    .node({ id: STEP, item_category: 'ACTIVITY', item_subtype: 'STEP', display_name: 'step' })
    .node({ id: DATA, item_category: 'ENTITY', item_subtype: 'DATASET', display_name: 'Data' })
    .relate('used', RUN, DATA, { 'prov:role': 'runledger:inputs' })
    .relate('wasStartedBy', STEP, RUN, { 'prov:time': '2024-01-01T00:00:01.000Z' })
    .relate('hadMember', DATA, DATA)
    .toJSON();
}

describe('PROV-N', () => {
  it('writes elements and relations positionally, with - for what is absent', () => {
    const text = toProvN(document());
    assert.match(text, /^document\n {2}default <http:\/\/hdl\.handle\.net\/>\n {2}prefix uuid <urn:uuid:>\n/);
    assert.ok(text.includes(`  activity(uuid:${RUN}, 2024-01-01T00:00:00.000Z, -, [prov:label="A \\"quoted\\" run", id="${RUN}", item_category="ACTIVITY", item_subtype="MODEL_RUN", runledger:order=3])`), text);
    assert.ok(text.includes(`  used(uuid:${RUN}, uuid:${DATA}, -, [prov:role='runledger:inputs'])`), text);
    assert.ok(text.includes(`  wasStartedBy(uuid:${STEP}, -, uuid:${RUN}, 2024-01-01T00:00:01.000Z)`), text);
    assert.ok(text.includes(`  hadMember(uuid:${DATA}, uuid:${DATA})`), text);
    assert.match(text, /endDocument\n$/);
  });
});

describe('PROV-O Turtle', () => {
  it('types elements, maps PROV attributes to PROV-O properties, and qualifies a relation that carries attributes', () => {
    const text = toTurtle(document());
    assert.ok(text.includes(`<urn:uuid:${RUN}>\n  a prov:Activity ;\n  rdfs:label "A \\"quoted\\" run" ;`), text);
    assert.ok(text.includes('prov:startedAtTime "2024-01-01T00:00:00.000Z"^^xsd:dateTime'), text);
    assert.ok(text.includes('<https://w3id.org/runledger/ns#order> "3"^^xsd:integer'), text);
    assert.ok(text.includes(`<urn:uuid:${RUN}> prov:used <urn:uuid:${DATA}> .`), text);
    assert.ok(text.includes(`prov:qualifiedUsage [\n  a prov:Usage ;\n  prov:entity <urn:uuid:${DATA}> ;\n  prov:hadRole <https://w3id.org/runledger/ns#inputs>\n] .`), text);
    // A starting activity has no unqualified property in PROV-O: only the qualified Start says it.
    assert.ok(!text.includes('prov:wasStartedBy'), text);
    assert.ok(text.includes(`prov:qualifiedStart [\n  a prov:Start ;\n  prov:hadActivity <urn:uuid:${RUN}> ;\n  prov:atTime "2024-01-01T00:00:01.000Z"^^xsd:dateTime\n] .`), text);
  });
});
