// The /runs pages.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';

function RunsPage() {
  return <h1>Runs</h1>;
}

export const runsRoutes = [createRoute({ getParentRoute: () => rootRoute, path: '/runs', component: RunsPage })];
