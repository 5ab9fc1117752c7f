// The /runs pages: every run of every kind, and one run with its steps. Filters, page trail, selected step
// and tab live in the URL, so any view can be linked to.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';
import { RunPage } from './run-page';
import { RunsList } from './runs-list';

export interface RunsSearch {
  kind?: string;
  status?: string;
  project?: string;
  pipeline?: string;
  who?: string;
  q?: string;
  /** The keyset tokens of the pages before this one. */
  trail?: string[];
}

export interface RunSearch {
  step?: string;
  tab?: 'steps' | 'tests' | 'details';
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export const runsListRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/runs',
  validateSearch: (s: Record<string, unknown>): RunsSearch => ({
    kind: text(s.kind),
    status: text(s.status),
    project: text(s.project),
    pipeline: text(s.pipeline),
    who: text(s.who),
    q: text(s.q),
    trail: Array.isArray(s.trail) ? s.trail.filter((t): t is string => typeof t === 'string') : undefined,
  }),
  component: RunsList,
});

export const runRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/runs/$runId',
  validateSearch: (s: Record<string, unknown>): RunSearch => ({
    step: text(s.step),
    tab: s.tab === 'tests' || s.tab === 'details' ? s.tab : undefined,
  }),
  component: RunPage,
});

export const runsRoutes = [runsListRoute, runRoute];
