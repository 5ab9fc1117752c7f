// The /projects pages: the models projects, a project, a model.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';
import { ModelPage } from './model-page';
import { ProjectPage } from './project-page';
import { ProjectsPage } from './projects-page';
import { defined, text, tokenTrail } from './search';

const projects = createRoute({
  getParentRoute: () => rootRoute,
  path: '/projects',
  validateSearch: (s: Record<string, unknown>): { page?: string[] } => defined({ page: tokenTrail(s.page) }),
  component: ProjectsPage,
});

const project = createRoute({
  getParentRoute: () => rootRoute,
  path: '/projects/$project',
  validateSearch: (s: Record<string, unknown>): { model?: string } => defined({ model: text(s.model) }),
  component: ProjectPage,
});

const model = createRoute({
  getParentRoute: () => rootRoute,
  path: '/projects/$project/models/$model',
  validateSearch: (s: Record<string, unknown>): { hist?: string[] } => defined({ hist: tokenTrail(s.hist) }),
  component: ModelPage,
});

export const projectsRoutes = [projects, project, model];
