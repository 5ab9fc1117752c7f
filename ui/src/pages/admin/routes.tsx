// The /admin page: users and API keys, one tab each (?tab=users|keys).
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';
import { defined, oneOf, tokenTrail } from '../projects/search';
import { AdminPage, TABS, type Tab } from './admin-page';

const tabIds = TABS.map((t) => t.id);

export const adminRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin',
    validateSearch: (s: Record<string, unknown>): { tab?: Tab; page?: string[] } => defined({ tab: oneOf(s.tab, tabIds), page: tokenTrail(s.page) }),
    component: AdminPage,
  }),
];
