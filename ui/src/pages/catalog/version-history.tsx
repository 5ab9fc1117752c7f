// An item's version history, newest first, and the difference between any two of its versions; the two
// compared live in the URL (?a=&b=).
import { getRouteApi } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../components/errors';
import { Time } from '../../components/status';
import { useVersions } from './registry-api';
import type { ItemVersion, RegistryKind } from './types';
import { VersionDiff } from './version-diff';

const route = getRouteApi('/catalog/$kind/$id');

export function VersionHistory({ kind, id }: { kind: RegistryKind; id: string }) {
  const history = useVersions(kind, id);
  if (history.isPending) return <Loading what="version history" />;
  if (history.isError) return <ErrorNote error={history.error} />;
  const versions = history.data.pages.flatMap((p) => p.data);
  return (
    <>
      <table className="data versions-table">
        <caption className="visually-hidden">Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">Reason</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>v{v.version}</td>
              <td>
                <Time at={v.created_at} />
              </td>
              <td>{v.reason ?? <span className="muted">—</span>}</td>
              <td className="mono muted">{v.updated_by ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.hasNextPage && (
        <p>
          <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
            Load older versions
          </button>
        </p>
      )}
      <h3 id="compare-title">Compare versions</h3>
      {versions.length < 2 ? <p className="muted">There is one version so far: nothing to compare.</p> : <Compare versions={versions} />}
    </>
  );
}

function Compare({ versions }: { versions: ItemVersion[] }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const byNumber = new Map(versions.map((v) => [v.version, v]));
  // Unless the URL says otherwise: what the latest change did.
  const b = search.b !== undefined && byNumber.has(search.b) ? search.b : versions[0]!.version;
  const a = search.a !== undefined && byNumber.has(search.a) ? search.a : versions.find((v) => v.version < b)?.version ?? versions[1]!.version;
  const pick = (which: 'a' | 'b', value: number) => void navigate({ search: { a, b, [which]: value }, replace: true, resetScroll: false });
  const options = versions.map((v) => (
    <option key={v.version} value={v.version}>
      v{v.version}
      {v.reason ? ` — ${v.reason}` : ''}
    </option>
  ));
  return (
    <div role="group" aria-labelledby="compare-title">
      <div className="toolbar">
        <label>
          From version
          <select value={a} onChange={(e) => pick('a', Number(e.target.value))}>
            {options}
          </select>
        </label>
        <label>
          To version
          <select value={b} onChange={(e) => pick('b', Number(e.target.value))}>
            {options}
          </select>
        </label>
      </div>
      <VersionDiff from={byNumber.get(a)!.item} to={byNumber.get(b)!.item} fromLabel={`v${a}`} toLabel={`v${b}`} />
    </div>
  );
}
