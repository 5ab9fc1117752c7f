// The /projects pages.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';

function ProjectsPage() {
  return <h1>Projects</h1>;
}

export const projectsRoutes = [createRoute({ getParentRoute: () => rootRoute, path: '/projects', component: ProjectsPage })];
