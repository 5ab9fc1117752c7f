// Small pieces the catalog pages share: the breadcrumb trail and the page for a kind that does not exist.
import { Link } from '@tanstack/react-router';
import { kindInfo, type CatalogKind } from './kinds';

/** Catalog › Kind › Item: each step a link but the last, which is the page itself. */
export function Crumbs({ kind, item }: { kind?: CatalogKind; item?: { id: string; name: string } }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <ol>
        <li>
          <Link to="/catalog">Catalog</Link>
        </li>
        {kind && (
          <li>
            <Link to="/catalog/$kind" params={{ kind }} search={{}}>
              {kindInfo(kind).title}
            </Link>
          </li>
        )}
        {kind && item && (
          <li>
            <Link to="/catalog/$kind/$id" params={{ kind, id: item.id }} search={{}}>
              {item.name}
            </Link>
          </li>
        )}
      </ol>
    </nav>
  );
}

export function UnknownKind({ kind }: { kind: string }) {
  return (
    <section className="catalog" aria-labelledby="unknown-kind">
      <h1 id="unknown-kind">No such kind</h1>
      <p>
        The registry has no kind called <code>{kind}</code>. <Link to="/catalog">See the catalog</Link>.
      </p>
    </section>
  );
}
