import { Type } from '@sinclair/typebox';
import { Errors } from '../../domain/errors.js';
import { ITEM_CATEGORIES, ITEM_SUBTYPES, RELATIONS } from '../../domain/lineage-vocabulary.js';
import { MAX_DEPTH } from '../../services/lineage-service.js';
import { component } from '../components.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export function lineageQuery(defaultDepth: number) {
  return Type.Object({
    starting_id: Type.String({ minLength: 1, description: 'Any id the API handed out: item, run or step' }),
    depth: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_DEPTH,
        default: defaultDepth,
        description: `Edges from starting_id, 1 to ${MAX_DEPTH}`,
        // Out of range, it is the problem the lineage service has always answered.
        'x-problem': Errors.depthOutOfRange.code,
      }),
    ),
  });
}

/** The node-link answer of a lineage query; `subtypes` are the node kinds the surface may answer with. */
export function lineageResponseSchema(subtypes: readonly string[], notes = '') {
  return Type.Object({
    status: Type.Object({ success: Type.Boolean(), details: Type.String() }, { description: "prov-api's status: the query made, at which depth" }),
    record_count: Type.Integer(),
    truncated: Type.Boolean({ description: `True when the node cap cut the graph short${notes}` }),
    node_cap: Type.Integer({ description: `The most nodes an answer holds${notes}` }),
    graph: Type.Object({
      directed: Type.Boolean(),
      multigraph: Type.Boolean(),
      graph: Type.Object({}),
      nodes: Type.Array(
        Type.Object({
          id: Type.String(),
          item_category: literals(ITEM_CATEGORIES),
          item_subtype: literals(subtypes),
          display_name: Type.String(),
        }),
      ),
      links: Type.Array(Type.Object({ source: Type.String(), target: Type.String(), type: literals(RELATIONS) })),
    }),
  });
}

export const LineageResponseSchema = lineageResponseSchema(ITEM_SUBTYPES);
export const LineageResponse = component('LineageResponse', LineageResponseSchema);

/** `contributing_datasets` → `ContributingDatasets`: a lineage query's name in operationIds. */
export const pascalCase = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
