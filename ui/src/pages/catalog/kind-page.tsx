// /catalog/$kind: a kind's items, a page at a time, with a search; the search text and the page trail
// live in the URL.
import { useEffect, useState, type FormEvent } from 'react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Time } from '../../components/status';
import { isCatalogKind, isEditableKind, kindInfo, MODEL_RUNS, type CatalogKind } from './kinds';
import { PAGE_SIZE, useCatalogPage, type Listed } from './list-query';
import { Crumbs, UnknownKind } from './parts';

const route = getRouteApi('/catalog/$kind');

/** A line saying what an item is: the first of its descriptive fields it has. */
function aboutOf(row: Listed): string {
  const record = row.record && typeof row.record === 'object' ? (row.record as Record<string, unknown>) : {};
  for (const value of [row.description, row.title, row.name, row.email, record.description]) {
    if (typeof value === 'string' && value.trim()) return value;
  }
  return '';
}

export function KindPage() {
  const { kind } = route.useParams();
  if (!isCatalogKind(kind)) return <UnknownKind kind={kind} />;
  return <KindList kind={kind} />;
}

function KindList({ kind }: { kind: CatalogKind }) {
  const { q, trail = [] } = route.useSearch();
  const navigate = route.useNavigate();
  const { me } = useAuth();
  const info = kindInfo(kind);
  const page = useCatalogPage(kind, q, trail[trail.length - 1]);
  const [text, setText] = useState(q ?? '');
  // Back and Forward change the search in the URL: the box follows.
  useEffect(() => setText(q ?? ''), [q]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: { q: text.trim() || undefined } });
  };
  const rows = page.data?.rows ?? [];
  const runs = kind === MODEL_RUNS;

  return (
    <section className="catalog" aria-labelledby="kind-title">
      <Crumbs />
      <div className="page-head">
        <h1 id="kind-title">{info.title}</h1>
        {hasRole(me, 'writer') && (
          <div className="actions">
            {isEditableKind(kind) ? (
              <Link to="/catalog/$kind/new" params={{ kind }} className="button primary">
                New {info.one}
              </Link>
            ) : (
              <Link to="/catalog/register-run" search={{}} className="button primary">
                Register a run
              </Link>
            )}
          </div>
        )}
      </div>
      <form className="toolbar" role="search" onSubmit={search}>
        <label>
          Search {info.title.toLowerCase()}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="name, id or any text field" size={36} />
        </label>
        <button type="submit">Search</button>
        {q && (
          <button type="button" onClick={() => { setText(''); void navigate({ search: {} }); }}>
            Clear search
          </button>
        )}
        <p className="muted list-note" aria-live="polite">
          {page.data && (q ? `${rows.length} matching “${q}”${page.data.next ? ' on this page' : ''}` : `${PAGE_SIZE} a page`)}
        </p>
      </form>
      {page.isPending ? (
        <Loading what={info.title.toLowerCase()} />
      ) : page.isError ? (
        <ErrorNote error={page.error} />
      ) : rows.length === 0 ? (
        <p className="notice">{q ? `No ${info.title.toLowerCase()} on these pages match “${q}”.` : `No ${info.title.toLowerCase()} yet.`}</p>
      ) : (
        <table className="data catalog-table" aria-busy={page.isFetching}>
          <caption className="visually-hidden">{info.title}{q ? ` matching “${q}”` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">About</th>
              <th scope="col">ID</th>
              <th scope="col">{runs ? 'Registered' : 'Updated'}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to="/catalog/$kind/$id" params={{ kind, id: row.id }} search={{}}>
                    {row.display_name}
                  </Link>
                </td>
                <td className="about" title={aboutOf(row)}>
                  {aboutOf(row)}
                </td>
                <td className="mono">{row.id}</td>
                <td>
                  <Time at={row.updated_at ?? row.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager trail={trail} next={page.data?.next} labels={['← Previous', 'Next →']} onMove={(t) => void navigate({ search: { q, trail: t.length ? t : undefined } })} />
    </section>
  );
}
