// prov-api's explore shapes: the query FastAPI reads and the LineageResponse provenaclient parses.
import { Type } from '@sinclair/typebox';
import { ITEM_CATEGORIES, PROVENA_NODE_SUBTYPES, RELATIONS } from '../../../domain/lineage-vocabulary.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ProvenaLineageQuery = Type.Object({
  starting_id: Type.String({ description: 'The id of a registry item or model run' }),
  depth: Type.Optional(
    Type.Integer({ description: 'Edges from starting_id; absent or 0 is the default (2, or 4 for the special queries), at most 10' }),
  ),
});

export const ProvenaLineageResponseSchema = Type.Object({
  status: Type.Object({ success: Type.Boolean(), details: Type.String() }),
  record_count: Type.Integer(),
  truncated: Type.Boolean({ description: 'True when the node cap cut the graph short (not in Provena)' }),
  node_cap: Type.Integer({ description: 'The node cap (not in Provena)' }),
  graph: Type.Object({
    directed: Type.Boolean(),
    multigraph: Type.Boolean(),
    graph: Type.Object({}),
    nodes: Type.Array(
      Type.Object({
        id: Type.String(),
        item_category: literals(ITEM_CATEGORIES),
        // Only the subtypes provenaclient's ItemSubType admits: other kinds of node are never walked here.
        item_subtype: literals(PROVENA_NODE_SUBTYPES),
        display_name: Type.String(),
      }),
    ),
    links: Type.Array(Type.Object({ source: Type.String(), target: Type.String(), type: literals(RELATIONS) })),
  }),
});
