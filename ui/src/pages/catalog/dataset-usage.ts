// Which datasets have filled which dataset template in runs lodged so far. A dataset does not record the
// template it fits, so the datasets used with a template before are the ones offered first for it.
import { useQuery } from '@tanstack/react-query';
import { api, query, type Page } from '../../api/client';
import type { ModelRunItem } from './types';

/** The most recent runs looked at; enough to learn a registry's habits without reading it all. */
const RUNS_READ = 200;

export function useDatasetUsage() {
  return useQuery({
    queryKey: ['registry', 'model-runs', 'dataset-usage'],
    queryFn: async () => {
      const runs = await api<Page<ModelRunItem>>(`/registry/model-runs${query({ max_results: RUNS_READ })}`);
      const usage = new Map<string, Set<string>>();
      for (const run of runs.data) {
        for (const d of [...run.record.inputs, ...run.record.outputs]) {
          const set = usage.get(d.dataset_template_id) ?? new Set<string>();
          set.add(d.dataset_id);
          usage.set(d.dataset_template_id, set);
        }
      }
      return usage;
    },
    staleTime: 30_000,
  });
}
