// Starting points to offer: the latest runs and the registry's datasets.
import type { Static } from '@sinclair/typebox';
import { useQuery } from '@tanstack/react-query';
import type { DatasetSchema } from '../../../../src/domain/registry-schemas';
import { api, query, type Page } from '../../api/client';
import type { Run } from '../../api/types';

/** A registry dataset as listed; `id` is the server-assigned part of every item (ItemMetaSchema). */
type Dataset = Static<typeof DatasetSchema> & { id: string };

export interface Suggestion {
  id: string;
  label: string;
  kind: 'run' | 'dataset';
}

export function useSuggestions(): { runs: Suggestion[]; datasets: Suggestion[]; error: unknown } {
  const runs = useQuery({
    queryKey: ['runs', 'recent', 10],
    queryFn: ({ signal }) => api<Page<Run>>(`/model-runs${query({ max_results: 10 })}`, { signal }),
    staleTime: 30_000,
  });
  const datasets = useQuery({
    queryKey: ['registry', 'datasets', 'suggest'],
    queryFn: ({ signal }) => api<Page<Dataset>>(`/registry/datasets${query({ max_results: 20 })}`, { signal }),
    staleTime: 30_000,
  });
  return {
    runs: (runs.data?.data ?? []).map((r) => ({ id: r.id, label: r.display_name || r.id, kind: 'run' })),
    datasets: (datasets.data?.data ?? []).map((d) => ({ id: d.id, label: d.display_name, kind: 'dataset' })),
    error: runs.error ?? datasets.error,
  };
}
