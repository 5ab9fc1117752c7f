// /pipelines/$pipelineId: the pipeline's runs, newest first; two picked runs (kept in the URL, across pages)
// open side by side.
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import type { Run } from '../../api/types';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Duration, StatusBadge, Time } from '../../components/status';
import { RunLink } from '../../components/links';
import { useRuns } from '../projects/queries';
import { usePipeline } from './queries';
import './pipelines.css';

const route = getRouteApi('/pipelines/$pipelineId');
const PAGE_SIZE = 25;

/** Picking a third run lets go of the first picked. */
export function togglePick(picked: string[], id: string): string[] {
  if (picked.includes(id)) return picked.filter((p) => p !== id);
  return [...picked, id].slice(-2);
}

export function PipelinePage() {
  const { pipelineId } = route.useParams();
  const { page, pick } = route.useSearch();
  const navigate = useNavigate();
  const trail = page ?? [];
  const picked = pick ?? [];
  const pipeline = usePipeline(pipelineId);
  const runs = useRuns({ pipeline_id: pipelineId, kind: 'ingested' }, trail.at(-1), PAGE_SIZE);
  const setSearch = (next: { page?: string[]; pick?: string[] }) =>
    void navigate({
      to: '/pipelines/$pipelineId',
      params: { pipelineId },
      search: { ...(next.page?.length ? { page: next.page } : {}), ...(next.pick?.length ? { pick: next.pick } : {}) },
      replace: true,
      resetScroll: false,
    });
  const [a, b] = picked;

  return (
    <section className="area-pipelines" aria-labelledby="pipeline-title">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/pipelines">Pipelines</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1 id="pipeline-title">{pipeline.data?.displayName ?? pipeline.data?.slug ?? 'Pipeline'}</h1>
        {pipeline.data && (
          <span className="muted">
            slug <span className="mono">{pipeline.data.slug}</span> · created <Time at={pipeline.data.createdAt} /> ·{' '}
            <Link to="/runs" search={{ pipeline: pipelineId }}>
              in the runs list
            </Link>
          </span>
        )}
        <div className="actions">
          {a && b ? (
            <Link to="/pipelines/$pipelineId/compare" params={{ pipelineId }} search={{ a, b }} className="button primary">
              Compare the 2 picked runs
            </Link>
          ) : (
            <span className="muted pick-hint" role="status">
              Pick two runs to compare them ({picked.length} of 2 picked).
            </span>
          )}
        </div>
      </div>
      <ErrorNote error={pipeline.error} />
      {runs.isPending && <Loading what="runs" />}
      <ErrorNote error={runs.error} />
      {runs.data && runs.data.data.length === 0 && <p className="notice">No runs of this pipeline.</p>}
      {runs.data && runs.data.data.length > 0 && (
        <RunsPicker runs={runs.data.data} picked={picked} onToggle={(id) => setSearch({ page: trail, pick: togglePick(picked, id) })} />
      )}
      {(trail.length > 0 || runs.data?.next_page_token) && (
        <Pager trail={trail} next={runs.data?.next_page_token} onMove={(next) => setSearch({ page: next, pick: picked })} />
      )}
    </section>
  );
}

function RunsPicker({ runs, picked, onToggle }: { runs: Run[]; picked: string[]; onToggle: (id: string) => void }) {
  return (
    <table className="data pipeline-runs">
      <caption className="visually-hidden">Runs of this pipeline, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Compare</th>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Took</th>
          <th scope="col">Received</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const slot = picked.indexOf(run.id);
          return (
            <tr key={run.id} aria-selected={slot >= 0}>
              <td>
                <label className="check">
                  <input type="checkbox" checked={slot >= 0} onChange={() => onToggle(run.id)} aria-label={`Compare run ${run.id}`} />
                  {slot >= 0 && <span className="badge pick">{slot === 0 ? 'A' : 'B'}</span>}
                </label>
              </td>
              <td>
                <RunLink runId={run.id}>{run.display_name}</RunLink>
                <div className="mono muted small">{run.id}</div>
              </td>
              <td>
                <StatusBadge status={run.status} />
                {run.error_message && <div className="small error-text">{run.error_message}</div>}
              </td>
              <td>
                <Time at={run.started_at} />
              </td>
              <td>
                <Duration from={run.started_at} to={run.finished_at} />
              </td>
              <td>
                <Time at={run.created_at} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
