// The /lineage page, its search params validated so that any link reopens the same view.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';
import { LineagePage } from './lineage-page';
import { validateLineageSearch } from './search';

const lineageRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/lineage',
  validateSearch: validateLineageSearch,
  component: function LineageRoute() {
    return <LineagePage search={lineageRoute.useSearch()} />;
  },
});

export const lineageRoutes = [lineageRoute];
