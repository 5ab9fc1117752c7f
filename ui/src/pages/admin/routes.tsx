// The /admin pages.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';

function AdminPage() {
  return <h1>Admin</h1>;
}

export const adminRoutes = [createRoute({ getParentRoute: () => rootRoute, path: '/admin', component: AdminPage })];
