// /catalog/$kind/$id: an item's fields, its version history and the difference between two versions.
import { LineageLink } from '../../components/links';
import { getRouteApi, Link } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { Time } from '../../components/status';
import { Fields } from './item-fields';
import { capitalised, isCatalogKind, kindInfo, MODEL_RUNS } from './kinds';
import { ModelRunView } from './model-run-view';
import { Crumbs, UnknownKind } from './parts';
import { bodyOf, useItem } from './registry-api';
import type { RegistryKind } from './types';
import { VersionHistory } from './version-history';

const route = getRouteApi('/catalog/$kind/$id');

export function ItemPage() {
  const { kind, id } = route.useParams();
  if (!isCatalogKind(kind)) return <UnknownKind kind={kind} />;
  if (kind === MODEL_RUNS) return <ModelRunView id={id} />;
  return <RegistryItemPage kind={kind} id={id} />;
}

function RegistryItemPage({ kind, id }: { kind: RegistryKind; id: string }) {
  const { me } = useAuth();
  const found = useItem(kind, id);
  const info = kindInfo(kind);
  if (found.isPending) return <Loading what={info.one} />;
  if (found.isError) {
    return (
      <section className="catalog" aria-labelledby="item-title">
        <Crumbs kind={kind} />
        <h1 id="item-title">No such {info.one}</h1>
        <ErrorNote error={found.error} />
      </section>
    );
  }
  const { item, etag } = found.data;
  return (
    <section className="catalog" aria-labelledby="item-title">
      <Crumbs kind={kind} />
      <div className="page-head">
        <h1 id="item-title">{item.display_name}</h1>
        <span className="badge kind-badge">{capitalised(info.one)}</span>
        <div className="actions">
          <LineageLink className="button" start={item.id}>
            Open lineage
          </LineageLink>
          {hasRole(me, 'writer') && kind === 'workflow-templates' && (
            <Link to="/catalog/register-run" search={{ template: id }} className="button">
              Register a run of it
            </Link>
          )}
          {hasRole(me, 'writer') && (
            <Link to="/catalog/$kind/$id/edit" params={{ kind, id }} className="button primary">
              Edit
            </Link>
          )}
        </div>
      </div>
      <div className="split">
        <div className="item-main">
          <section className="panel" aria-labelledby="fields-title">
            <h2 id="fields-title">Fields</h2>
            <Fields fields={bodyOf(item)} />
          </section>
          <section className="panel" aria-labelledby="history-title">
            <h2 id="history-title">Version history</h2>
            <VersionHistory kind={kind} id={id} />
          </section>
        </div>
        <aside className="panel" aria-labelledby="record-title">
          <h2 id="record-title">Record</h2>
          <dl className="facts">
            <dt>ID</dt>
            <dd className="mono">{item.id}</dd>
            <dt>Version</dt>
            <dd>
              v{item.version} {etag && <span className="muted">(ETag {etag})</span>}
            </dd>
            <dt>Created</dt>
            <dd>
              <Time at={item.created_at} />
            </dd>
            <dt>Updated</dt>
            <dd>
              <Time at={item.updated_at} />
            </dd>
            <dt>Created by</dt>
            <dd className="mono">{item.created_by ?? '—'}</dd>
          </dl>
        </aside>
      </div>
    </section>
  );
}
