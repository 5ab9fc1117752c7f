import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderLineageTree, type LineageAnswer } from './lineage-tree.js';

const node = (id: string, subtype = 'DATASET') => ({ id, item_category: 'ENTITY', item_subtype: subtype, display_name: id.toUpperCase() });

// out ← run → a, b; a and b both influenced by t (a diamond); t → a (a cycle back).
const answer: LineageAnswer = {
  record_count: 5,
  truncated: true,
  node_cap: 5,
  graph: {
    nodes: [node('out'), node('run', 'MODEL_RUN'), node('a'), node('b'), node('t')],
    links: [
      { source: 'out', target: 'run', type: 'wasGeneratedBy' },
      { source: 'run', target: 'b', type: 'used' },
      { source: 'run', target: 'a', type: 'used' },
      { source: 'a', target: 't', type: 'wasInfluencedBy' },
      { source: 'b', target: 't', type: 'wasInfluencedBy' },
      { source: 't', target: 'a', type: 'wasDerivedFrom' },
    ],
  },
};

describe('renderLineageTree', () => {
  it('draws upstream from the start, each node expanded once', () => {
    assert.equal(
      renderLineageTree(answer, 'out', 'upstream'),
      [
        'OUT  [DATASET]  out',
        '└─ wasGeneratedBy → RUN  [MODEL_RUN]  run',
        '   ├─ used → A  [DATASET]  a',
        '   │  └─ wasInfluencedBy → T  [DATASET]  t',
        '   │     └─ wasDerivedFrom → A  [DATASET]  a  (shown above)',
        '   └─ used → B  [DATASET]  b',
        '      └─ wasInfluencedBy → T  [DATASET]  t  (shown above)',
        '(cut short at 5 nodes)',
      ].join('\n'),
    );
  });

  it('draws downstream by reversing the edges, and says when there is nothing', () => {
    assert.equal(renderLineageTree({ ...answer, truncated: false }, 'run', 'downstream'), ['RUN  [MODEL_RUN]  run', '└─ ← wasGeneratedBy OUT  [DATASET]  out'].join('\n'));
    assert.equal(renderLineageTree({ ...answer, truncated: false, graph: { nodes: [], links: [] } }, 'x', 'upstream'), 'x\n(nothing upstream)');
  });
});
