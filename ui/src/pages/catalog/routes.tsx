// The /catalog pages.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';

function CatalogPage() {
  return <h1>Catalog</h1>;
}

export const catalogRoutes = [createRoute({ getParentRoute: () => rootRoute, path: '/catalog', component: CatalogPage })];
