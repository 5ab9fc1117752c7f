// /admin: users and API keys, for admins. The tab is in the URL (?tab=users|keys).
import { getRouteApi, Link } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { KeysTab } from './keys-tab';
import { UsersTab } from './users-tab';
import './admin.css';

const route = getRouteApi('/admin');
export const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'keys', label: 'API keys' },
] as const;
export type Tab = (typeof TABS)[number]['id'];

export function AdminPage() {
  const { tab = 'users' } = route.useSearch();
  const { me } = useAuth();
  if (!hasRole(me, 'admin')) {
    return (
      <section className="area-admin" aria-labelledby="admin-title">
        <h1 id="admin-title">Admin</h1>
        <p className="notice">Only admins manage users and API keys. Your role is {me?.role}.</p>
      </section>
    );
  }
  return (
    <section className="area-admin" aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      {/* Links, not an ARIA tablist: each tab is its own URL, so a link is what it is. */}
      <nav className="tabs" aria-label="Admin sections">
        {TABS.map((t) => (
          <Link key={t.id} to="/admin" search={{ tab: t.id }} className="tab-link" aria-current={t.id === tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === 'users' ? <UsersTab /> : <KeysTab />}
    </section>
  );
}
