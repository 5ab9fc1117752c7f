// The lineage view's data: one walk per direction from the start, and a one-step walk each way from every
// expanded node, merged into one graph (each node and relation once).
import { useRef } from 'react';
import { useQueries } from '@tanstack/react-query';
import { api, query } from '../../api/client';
import type { LineageAnswer } from '../../api/types';
import { mergeAnswers } from '../../graph/merge';
import type { GraphEdge, GraphNode } from '../../graph/types';
import type { Direction } from './search';

type Walk = 'upstream' | 'downstream';

export interface WalkResult {
  walk: Walk;
  from: string;
  depth: number;
  answer: LineageAnswer;
}

export interface LineageView {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The walks that hit the server's node cap. */
  truncated: WalkResult[];
  loading: boolean;
  /** The start's own walks failed (unknown id, bad depth): nothing to show. */
  error: unknown;
  /** Expansions that failed, by node id. */
  expansionErrors: { id: string; error: unknown }[];
}

const walksOf = (direction: Direction): Walk[] => (direction === 'both' ? ['upstream', 'downstream'] : [direction]);

function walkQuery(walk: Walk, from: string, depth: number) {
  return {
    queryKey: ['lineage', walk, from, depth],
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<WalkResult> => ({
      walk,
      from,
      depth,
      answer: await api<LineageAnswer>(`/explore/${walk}${query({ starting_id: from, depth })}`, { signal }),
    }),
    staleTime: 60_000,
  };
}

/** Keeps the merged arrays' identity while the answers behind them are the same objects: one layout each. */
function useMerged(answers: (LineageAnswer | undefined)[]) {
  const last = useRef<{ answers: (LineageAnswer | undefined)[]; merged: ReturnType<typeof mergeAnswers> }>(undefined);
  const same = last.current && last.current.answers.length === answers.length && last.current.answers.every((a, i) => a === answers[i]);
  if (!same || !last.current) last.current = { answers, merged: mergeAnswers(answers.filter((a): a is LineageAnswer => a !== undefined)) };
  return last.current.merged;
}

export function useLineage(start: string | undefined, depth: number, direction: Direction, expand: string[]): LineageView {
  const main = start ? walksOf(direction).map((w) => walkQuery(w, start, depth)) : [];
  const extra = start ? expand.flatMap((id) => (['upstream', 'downstream'] as const).map((w) => walkQuery(w, id, 1))) : [];
  const results = useQueries({ queries: [...main, ...extra] });
  const mainResults = results.slice(0, main.length);
  const extraResults = results.slice(main.length);
  const error = mainResults.find((r) => r.error)?.error;
  const loading = mainResults.some((r) => r.isPending);
  const settled = error || loading ? [] : results;
  const merged = useMerged(settled.map((r) => r.data?.answer));
  const expansionErrors = extraResults.flatMap((r, i) => (r.error ? [{ id: expand[Math.floor(i / 2)]!, error: r.error }] : []));
  return {
    ...merged,
    truncated: results.flatMap((r) => (r.data?.answer.truncated ? [r.data] : [])),
    loading,
    error,
    expansionErrors: expansionErrors.filter((e, i) => expansionErrors.findIndex((x) => x.id === e.id) === i),
  };
}
