// The reads of the models pages. Run lists are keyed under 'runs' so the live event stream patches them.
import { useQuery } from '@tanstack/react-query';
import { api, query, request, type Page } from '../../api/client';
import type { Run, Step, TestResult } from '../../api/types';
import type { Freshness, Model, ModelTest } from './model-types';

const seg = encodeURIComponent;
export const modelPath = (project: string, model: string) => `/v1/models/${seg(project)}/${seg(model)}`;
/** How runs and steps name a model. */
export const qualified = (model: Pick<Model, 'project_name' | 'name'>) => `${model.project_name}.${model.name}`;

/** Every page of a list, followed to its end (a project's models, a run's steps). */
export async function allPages<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T[]> {
  const rows: T[] = [];
  let token: string | undefined;
  do {
    const page = await api<Page<T>>(path + query({ ...params, max_results: 1000, page_token: token }));
    rows.push(...page.data);
    token = page.next_page_token;
  } while (token);
  return rows;
}

export function useModelsPage(pageToken: string | undefined, pageSize: number) {
  return useQuery({
    queryKey: ['projects-models', 'page', pageToken ?? '', pageSize],
    queryFn: () => api<Page<Model>>(`/v1/models${query({ max_results: pageSize, page_token: pageToken })}`),
  });
}

export function useProjectModels(project: string) {
  return useQuery({ queryKey: ['projects-models', 'project', project], queryFn: () => allPages<Model>('/v1/models', { project_name: project }) });
}

/** A model with the ETag it was read at, which an edit sends back as If-Match. */
export interface TaggedModel {
  model: Model;
  etag: string | null;
}

export const modelKey = (project: string, model: string) => ['projects-model', project, model];

export function useModel(project: string, model: string) {
  return useQuery({
    queryKey: modelKey(project, model),
    queryFn: async (): Promise<TaggedModel> => {
      const res = await request(modelPath(project, model));
      return { etag: res.headers.get('etag'), model: (await res.json()) as Model };
    },
  });
}

export function useModelTests(project: string, model: string) {
  return useQuery({ queryKey: ['model-tests', project, model], queryFn: () => allPages<ModelTest>(`${modelPath(project, model)}/tests`) });
}

export function useFreshness(project: string, model: string) {
  return useQuery({ queryKey: ['model-freshness', project, model], queryFn: () => api<Freshness>(`${modelPath(project, model)}/freshness`) });
}

/** Runs, newest first, narrowed by the server's run filters. */
export function useRuns(filter: Record<string, string | undefined>, pageToken: string | undefined, pageSize = 20) {
  return useQuery({
    queryKey: ['runs', filter, pageToken ?? '', pageSize],
    queryFn: () => api<Page<Run>>(`/model-runs${query({ ...filter, max_results: pageSize, page_token: pageToken })}`),
  });
}

export interface LatestStep {
  run: Run;
  step: Step;
  results: TestResult[];
}

/**
 * The newest of `runs` that has a step of `model`, that step and its test results. The key holds each run's
 * status, so a run the event stream moves on is read again.
 */
export function useLatestStep(model: string, runs: Run[] | undefined) {
  const candidates = (runs ?? []).slice(0, 5);
  return useQuery({
    queryKey: ['model-latest-step', model, candidates.map((r) => `${r.id}:${r.status}`)],
    enabled: runs !== undefined,
    queryFn: async (): Promise<LatestStep | null> => {
      for (const run of candidates) {
        const steps = await allPages<Step>(`/model-runs/${seg(run.id)}/steps`);
        const step = steps.find((s) => s.model_name === model);
        if (!step) continue;
        const results = await allPages<TestResult>(`/model-runs/${seg(run.id)}/steps/${seg(step.id)}/test-results`);
        return { run, step, results };
      }
      return null;
    },
  });
}
