// POST /model_run/delete: the diff Provena computes between a run's graph and an empty one, applied unless
// in trial mode. An edge leaves the graph only if no other record asserts it; the run's node leaves with it.
// Registry items' nodes stay whatever the diff says of them: in runledger they exist with their items.
import { Errors, fail } from '../domain/errors.js';
import { edgeKey, type LineageEdge, type LineageNode } from '../domain/lineage-vocabulary.js';
import {
  deleteEdgeRecords,
  deleteLineageEdges,
  deleteLineageNode,
  edgesOfRecord,
  findNodesForDiff,
  lockAttributionExclusive,
  otherRecordsOfEdges,
  otherRecordsOfNodes,
} from '../store/lineage-records.js';
import type { ServiceContext } from './context.js';
import { lockRegisteredRun } from './provena-lodge.js';

interface DiffNode {
  id: string;
  props: { record_ids: string[] };
  subtype: string;
  category: string;
}
interface DiffLink {
  source: DiffNode;
  target: DiffNode;
  relation: string;
  props: { record_ids: string[] };
}
export type DiffAction =
  | { action_type: 'REMOVE_RECORD_ID_FROM_LINK'; link: DiffLink; record_id: string }
  | { action_type: 'REMOVE_LINK'; link: DiffLink }
  | { action_type: 'REMOVE_RECORD_ID_FROM_NODE'; node_id: string; record_id: string }
  | { action_type: 'REMOVE_NODE'; node_id: string };

export async function deleteModelRunProvenance(ctx: ServiceContext, recordId: string, trialMode: boolean): Promise<{ diff: DiffAction[] }> {
  return ctx.db.transaction().execute(async (tx) => {
    await lockAttributionExclusive(tx);
    const run = await lockRegisteredRun(tx, recordId);
    if (!run) {
      fail(
        Errors.recordInvalid,
        `Exception: could not delete model run as error occurred when fetching the record from the registry: no MODEL_RUN with id ${recordId} exists.`,
      );
    }
    const edges = await edgesOfRecord(tx, recordId);
    const edgeOthers = await otherRecordsOfEdges(tx, recordId, edges);
    const nodeIds = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
    const nodeOthers = await otherRecordsOfNodes(tx, recordId, nodeIds);
    const nodes = new Map((await findNodesForDiff(tx, nodeIds)).map((n) => [n.id, n]));

    const diffNode = (id: string): DiffNode => {
      const n: Partial<LineageNode> = nodes.get(id) ?? {};
      return { id, props: { record_ids: [recordId, ...(nodeOthers.get(id) ?? [])] }, subtype: n.item_subtype ?? '', category: n.item_category ?? '' };
    };
    const diffLink = (e: LineageEdge): DiffLink => ({
      source: diffNode(e.source),
      target: diffNode(e.target),
      relation: e.relation,
      props: { record_ids: [recordId, ...(edgeOthers.get(edgeKey(e)) ?? [])] },
    });
    const shared = edges.filter((e) => edgeOthers.has(edgeKey(e)));
    const own = edges.filter((e) => !edgeOthers.has(edgeKey(e)));
    // Provena's order of application: record ids off links, links, record ids off nodes, nodes.
    const diff: DiffAction[] = [
      ...shared.map((e): DiffAction => ({ action_type: 'REMOVE_RECORD_ID_FROM_LINK', link: diffLink(e), record_id: recordId })),
      ...own.map((e): DiffAction => ({ action_type: 'REMOVE_LINK', link: diffLink(e) })),
      ...nodeIds.filter((id) => id !== recordId).map((id): DiffAction => ({ action_type: 'REMOVE_RECORD_ID_FROM_NODE', node_id: id, record_id: recordId })),
      ...(nodes.has(recordId) ? [{ action_type: 'REMOVE_NODE' as const, node_id: recordId }] : []),
    ];
    if (!trialMode) {
      await deleteEdgeRecords(tx, recordId);
      await deleteLineageEdges(tx, own);
      await deleteLineageNode(tx, recordId);
    }
    return { diff };
  });
}
