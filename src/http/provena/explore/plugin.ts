// prov-api's /explore routes: upstream, downstream and the four special queries, as provenaclient calls them.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SPECIAL_QUERIES, exploreProvena, type LineageQuery } from '../../../services/lineage-service.js';
import { described } from '../../components.js';
import { pascalCase } from '../../explore/schemas.js';
import { ProvenaLineageQuery, ProvenaLineageResponse } from './schemas.js';

const SUMMARIES: Record<LineageQuery, string> = {
  upstream: 'Everything upstream of an item (its causes)',
  downstream: 'Everything downstream of an item (its effects)',
  contributing_datasets: 'The paths to the datasets upstream of an item',
  effected_datasets: 'The paths from the datasets downstream of an item',
  contributing_agents: 'The paths to the agents upstream of an item',
  effected_agents: 'The paths to the agents of anything downstream of an item',
};

export default async function provenaExplorePlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const queries: [LineageQuery, string][] = [
    ['upstream', '/explore/upstream'],
    ['downstream', '/explore/downstream'],
    ...SPECIAL_QUERIES.map((q): [LineageQuery, string] => [q, `/explore/special/${q}`]),
  ];
  for (const [query, url] of queries) {
    r.get(url, {
      schema: {
        tags: ['provena prov-api'],
        summary: SUMMARIES[query],
        description:
          'The union of the matching paths, links in their stored (effect → cause) direction; an empty graph when ' +
          'none matches. Depth absent or 0 is the default; above 10, or below 0, is a 400. An unknown starting_id ' +
          'is a 400 (Provena answers 500).',
        operationId: `exploreProvena${pascalCase(query)}`,
        querystring: ProvenaLineageQuery,
        response: { 200: described(ProvenaLineageResponse, 'The matching paths, as node-link JSON'), 400: Type.Ref('FastapiError') },
      },
      config: { access: 'read' },
      handler: async (req) => exploreProvena(req.ctx, query, req.query.starting_id, req.query.depth),
    });
  }
}
