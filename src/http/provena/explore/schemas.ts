// prov-api's explore shapes: the query FastAPI reads and the LineageResponse provenaclient parses.
import { Type } from '@sinclair/typebox';
import { PROVENA_NODE_SUBTYPES } from '../../../domain/lineage-vocabulary.js';
import { component } from '../../components.js';
import { lineageResponseSchema } from '../../explore/schemas.js';

export const ProvenaLineageQuery = Type.Object({
  starting_id: Type.String({ description: 'The id of a registry item or model run' }),
  depth: Type.Optional(
    Type.Integer({ description: 'Edges from starting_id; absent or 0 is the default (2, or 4 for the special queries), at most 10' }),
  ),
});

// Only the subtypes provenaclient's ItemSubType admits: other kinds of node are never walked here.
export const ProvenaLineageResponse = component('ProvenaLineageResponse', lineageResponseSchema(PROVENA_NODE_SUBTYPES, ' (not in Provena)'));
