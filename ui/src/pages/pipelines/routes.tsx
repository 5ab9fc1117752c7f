// The /pipelines pages: the pipelines, a pipeline's runs, two runs compared.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';
import { defined, text, tokenTrail } from '../projects/search';
import { ComparePage } from './compare-page';
import { PipelinePage } from './pipeline-page';
import { PipelinesPage } from './pipelines-page';

const pipelines = createRoute({
  getParentRoute: () => rootRoute,
  path: '/pipelines',
  validateSearch: (s: Record<string, unknown>): { page?: string[] } => defined({ page: tokenTrail(s.page) }),
  component: PipelinesPage,
});

const pipeline = createRoute({
  getParentRoute: () => rootRoute,
  path: '/pipelines/$pipelineId',
  validateSearch: (s: Record<string, unknown>): { page?: string[]; pick?: string[] } =>
    defined({ page: tokenTrail(s.page), pick: tokenTrail(s.pick)?.slice(-2) }),
  component: PipelinePage,
});

const compare = createRoute({
  getParentRoute: () => rootRoute,
  path: '/pipelines/$pipelineId/compare',
  validateSearch: (s: Record<string, unknown>): { a?: string; b?: string } => defined({ a: text(s.a), b: text(s.b) }),
  component: ComparePage,
});

export const pipelinesRoutes = [pipelines, pipeline, compare];
