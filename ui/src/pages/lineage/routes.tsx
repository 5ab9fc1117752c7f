// The /lineage pages.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';

function LineagePage() {
  return <h1>Lineage</h1>;
}

export const lineageRoutes = [createRoute({ getParentRoute: () => rootRoute, path: '/lineage', component: LineagePage })];
