// /pipelines: the LLM pipelines runs were ingested for, by name and slug.
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Time } from '../../components/status';
import { usePipelines } from './queries';
import './pipelines.css';

const route = getRouteApi('/pipelines');

export function PipelinesPage() {
  const { page } = route.useSearch();
  const navigate = useNavigate();
  const trail = page ?? [];
  const pipelines = usePipelines(trail.at(-1));
  const rows = pipelines.data?.pipelines ?? [];
  return (
    <section className="area-pipelines" aria-labelledby="pipelines-title">
      <div className="page-head">
        <h1 id="pipelines-title">Pipelines</h1>
        <p className="muted">LLM pipelines whose runs were sent here (Gentrace SDKs and OpenTelemetry traces). Open one to see and compare its runs.</p>
      </div>
      {pipelines.isPending && <Loading what="pipelines" />}
      <ErrorNote error={pipelines.error} />
      {pipelines.data && rows.length === 0 && <p className="notice">No pipelines yet: a pipeline appears with its first ingested run.</p>}
      {rows.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Pipeline</th>
              <th scope="col">Slug</th>
              <th scope="col">Id</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to="/pipelines/$pipelineId" params={{ pipelineId: p.id }}>
                    {p.displayName}
                  </Link>
                </th>
                <td className="mono">{p.slug}</td>
                <td className="mono muted">{p.id}</td>
                <td>
                  <Time at={p.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(trail.length > 0 || pipelines.data?.next_page_token) && (
        <Pager trail={trail} next={pipelines.data?.next_page_token} onMove={(next) => void navigate({ to: '/pipelines', search: next.length ? { page: next } : {} })} />
      )}
    </section>
  );
}
