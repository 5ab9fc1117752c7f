// A run's PROV-JSON document, whatever its kind: the document lodged with it (registered runs, and triggered
// runs once finished), rebuilt from its rows (Gentrace-ingested runs), or read off the lineage graph (runs
// assembled from OTLP spans, and triggered runs still under way).
import { Errors, fail } from '../domain/errors.js';
import { ProvDocument, type ProvJson } from '../prov/document.js';
import { findEdgesTouching, findLineageNodes } from '../store/lineage.js';
import { findRunById } from '../store/runs.js';
import { listStepsOfRun } from '../store/steps.js';
import type { ServiceContext } from './context.js';
import { getPipelineRunProv } from './gentrace-service.js';

export async function getRunProv(ctx: ServiceContext, id: string): Promise<ProvJson> {
  const run = await findRunById(ctx.db, id);
  if (!run) fail(Errors.notFound, `no run with id "${id}"`);
  if (run.prov_json) return JSON.parse(run.prov_json) as ProvJson;
  if (run.kind === 'ingested' && run.trace_id === null) return getPipelineRunProv(ctx, id);

  const activities = [id, ...(await listStepsOfRun(ctx.db, id)).map((s) => s.id)];
  const edges = await findEdgesTouching(ctx.db, activities);
  const nodes = await findLineageNodes(ctx.db, [...new Set([...activities, ...edges.flatMap((e) => [e.source, e.target])])]);
  if (nodes.length === 0) fail(Errors.conflict, `run "${id}" has no provenance recorded yet (it is ${run.status})`);
  const doc = new ProvDocument();
  for (const node of nodes) doc.node(node);
  const known = new Set(nodes.map((n) => n.id));
  for (const e of edges) if (known.has(e.source) && known.has(e.target)) doc.relate(e.relation, e.source, e.target);
  return doc.toJSON();
}
