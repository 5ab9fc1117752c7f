// /catalog: the registry's kinds, each with what the API says it is, and the way to register a run.
import { Link } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { EDITABLE_KINDS, KINDS, MODEL_RUNS, MODEL_RUNS_INFO } from './kinds';
import { kindDescription, useOpenApi } from './openapi';

export function CatalogHome() {
  const { me } = useAuth();
  const writer = hasRole(me, 'writer');
  const doc = useOpenApi();
  return (
    <section className="catalog" aria-labelledby="catalog-title">
      <div className="page-head">
        <h1 id="catalog-title">Catalog</h1>
        <p className="muted">The registry: who ran what model, on which data, for which study.</p>
        {writer && (
          <div className="actions">
            <Link to="/catalog/register-run" search={{}} className="button primary">
              Register a run
            </Link>
          </div>
        )}
      </div>
      <ul className="kind-cards">
        {EDITABLE_KINDS.map((kind) => (
          <li key={kind} className="panel kind-card">
            <h2>
              <Link to="/catalog/$kind" params={{ kind }} search={{}}>
                {KINDS[kind].title}
              </Link>
            </h2>
            <p className="muted">{(doc.data && kindDescription(doc.data, kind)) ?? '\u00a0'}</p>
            {writer && (
              <Link to="/catalog/$kind/new" params={{ kind }} className="new-link">
                New {KINDS[kind].one}
              </Link>
            )}
          </li>
        ))}
        <li className="panel kind-card">
          <h2>
            <Link to="/catalog/$kind" params={{ kind: MODEL_RUNS }} search={{}}>
              {MODEL_RUNS_INFO.title}
            </Link>
          </h2>
          <p className="muted">Model runs lodged with their inputs, outputs and people, each with its PROV document.</p>
          {writer && (
            <Link to="/catalog/register-run" search={{}} className="new-link">
              Register a run
            </Link>
          )}
        </li>
      </ul>
    </section>
  );
}
