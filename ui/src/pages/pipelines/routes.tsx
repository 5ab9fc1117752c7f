// The /pipelines pages.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';

function PipelinesPage() {
  return <h1>Pipelines</h1>;
}

export const pipelinesRoutes = [createRoute({ getParentRoute: () => rootRoute, path: '/pipelines', component: PipelinesPage })];
