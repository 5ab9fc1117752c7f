// The reads of the pipelines pages.
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client';
import type { Run, Step } from '../../api/types';
import { allPages } from '../projects/queries';
import type { PipelineList, PipelineV4 } from './pipeline-types';

const seg = encodeURIComponent;

export function usePipelines(pageToken: string | undefined, pageSize = 50) {
  return useQuery({
    queryKey: ['pipelines-list', pageToken ?? '', pageSize],
    queryFn: () => api<PipelineList>(`/api/v1/pipelines${query({ max_results: pageSize, page_token: pageToken })}`),
  });
}

export function usePipeline(id: string) {
  return useQuery({ queryKey: ['pipeline', id], queryFn: () => api<PipelineV4>(`/api/v4/pipelines/${seg(id)}`) });
}

export function useRun(id: string | undefined) {
  return useQuery({ queryKey: ['run', id], enabled: id !== undefined, queryFn: () => api<Run>(`/model-runs/${seg(id ?? '')}`) });
}

/** A run's steps in execution order, every page. */
export function useSteps(runId: string | undefined) {
  return useQuery({
    queryKey: ['pipeline-run-steps', runId],
    enabled: runId !== undefined,
    queryFn: async () => (await allPages<Step>(`/model-runs/${seg(runId ?? '')}/steps`)).sort((x, y) => x.order - y.order),
  });
}
