// /explore: lineage walks over the provenance graph, in Provena's node-link response shape.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEFAULT_DEPTH, DEFAULT_SPECIAL_DEPTH, SPECIAL_QUERIES, exploreGraph } from '../../services/lineage-service.js';
import { described } from '../components.js';
import { problems } from '../problem-schema.js';
import { LineageResponse, lineageQuery, pascalCase } from './schemas.js';

export default async function explorePlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const response = { 200: described(LineageResponse, 'The nodes and links found, as node-link JSON'), ...problems(400, 401, 404, 429) };
  for (const direction of ['upstream', 'downstream'] as const) {
    r.get(`/explore/${direction}`, {
      schema: {
        tags: ['explore'],
        summary: `Everything ${direction} of a node`,
        description: direction === 'upstream' ? 'Follows PROV relations from effect to cause' : 'Follows PROV relations from cause to effect',
        operationId: `explore${pascalCase(direction)}`,
        querystring: lineageQuery(DEFAULT_DEPTH),
        response,
      },
      config: { access: 'read' },
      handler: async (req) => exploreGraph(req.ctx, direction, req.query.starting_id, req.query.depth ?? DEFAULT_DEPTH),
    });
  }
  for (const query of SPECIAL_QUERIES) {
    r.get(`/explore/special/${query}`, {
      schema: {
        tags: ['explore'],
        summary: query.replace('_', ' '),
        operationId: `explore${pascalCase(query)}`,
        querystring: lineageQuery(DEFAULT_SPECIAL_DEPTH),
        response,
      },
      config: { access: 'read' },
      handler: async (req) => exploreGraph(req.ctx, query, req.query.starting_id, req.query.depth ?? DEFAULT_SPECIAL_DEPTH),
    });
  }
}
