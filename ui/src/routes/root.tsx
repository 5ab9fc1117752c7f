// The root route: the shell every page renders in. Signed out, any deep link shows the sign-in form in
// place, and the page itself once signed in; the URL never changes underneath.
import { createRootRoute, Link, Outlet } from '@tanstack/react-router';
import { useLiveRuns } from '../api/live';
import { hasRole, useAuth } from '../auth';
import { SignIn } from '../pages/sign-in';

export const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFound });

const NAV = [
  { to: '/runs', label: 'Runs' },
  { to: '/lineage', label: 'Lineage' },
  { to: '/catalog', label: 'Catalog' },
  { to: '/projects', label: 'Models' },
  { to: '/pipelines', label: 'Pipelines' },
] as const;

function Shell() {
  const { me, refused, signOut, clearRefusal } = useAuth();
  useLiveRuns(me !== null);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/runs" className="brand">
          runledger
        </Link>
        {me && (
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} activeProps={{ 'aria-current': 'page', className: 'active' }}>
                    {item.label}
                  </Link>
                </li>
              ))}
              {hasRole(me, 'admin') && (
                <li>
                  <Link to="/admin" activeProps={{ 'aria-current': 'page', className: 'active' }}>
                    Admin
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        )}
        {me && (
          <div className="whoami">
            <span>
              {me.username} <span className="muted">({me.role})</span>
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {!me ? (
          <SignIn expired={refused === 401} />
        ) : refused === 403 ? (
          <Forbidden role={me.role} onBack={clearRefusal} />
        ) : (
          <Outlet />
        )}
      </main>
    </>
  );
}

function Forbidden({ role, onBack }: { role: string; onBack: () => void }) {
  return (
    <section className="screen" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">Not allowed</h1>
      <p>
        Your role, <strong>{role}</strong>, does not allow that. Ask an admin for a higher role.
      </p>
      <button type="button" onClick={() => { onBack(); history.back(); }}>
        Go back
      </button>
    </section>
  );
}

function NotFound() {
  return (
    <section className="screen" aria-labelledby="nf-title">
      <h1 id="nf-title">No such page</h1>
      <p>
        <Link to="/runs">See the runs</Link>
      </p>
    </section>
  );
}
