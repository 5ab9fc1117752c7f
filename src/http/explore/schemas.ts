import { Type } from '@sinclair/typebox';
import { ITEM_CATEGORIES, ITEM_SUBTYPES, RELATIONS } from '../../domain/lineage-vocabulary.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export function lineageQuery(defaultDepth: number) {
  return Type.Object({
    starting_id: Type.String({ minLength: 1, description: 'Any id the API handed out: item, run or step' }),
    depth: Type.Optional(Type.Integer({ default: defaultDepth, description: 'Edges from starting_id, 1 to 10' })),
  });
}

export const LineageResponseSchema = Type.Object({
  record_count: Type.Integer(),
  truncated: Type.Boolean({ description: 'True when the node cap cut the graph short' }),
  node_cap: Type.Integer(),
  graph: Type.Object({
    directed: Type.Boolean(),
    multigraph: Type.Boolean(),
    graph: Type.Object({}),
    nodes: Type.Array(
      Type.Object({
        id: Type.String(),
        item_category: literals(ITEM_CATEGORIES),
        item_subtype: literals(ITEM_SUBTYPES),
        display_name: Type.String(),
      }),
    ),
    links: Type.Array(Type.Object({ source: Type.String(), target: Type.String(), type: literals(RELATIONS) })),
  }),
});
