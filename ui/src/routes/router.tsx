// Every page's route, in one tree. Each area keeps its routes beside its pages.
import { createRoute, createRouter, redirect } from '@tanstack/react-router';
import { adminRoutes } from '../pages/admin/routes';
import { catalogRoutes } from '../pages/catalog/routes';
import { lineageRoutes } from '../pages/lineage/routes';
import { pipelinesRoutes } from '../pages/pipelines/routes';
import { projectsRoutes } from '../pages/projects/routes';
import { runsRoutes } from '../pages/runs/routes';
import { rootRoute } from './root';

const home = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/runs' });
  },
});

const routeTree = rootRoute.addChildren([home, ...runsRoutes, ...lineageRoutes, ...catalogRoutes, ...projectsRoutes, ...pipelinesRoutes, ...adminRoutes]);

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
