// A table of runs, each linking to its run page; `compact` fits a side panel.
import type { Run } from '../../api/types';
import { Duration, StatusBadge, Time } from '../../components/status';
import { RunLink } from '../../components/links';

export function RunsTable({ runs, caption, compact = false }: { runs: Run[]; caption: string; compact?: boolean }) {
  if (runs.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <table className={`data runs-table${compact ? ' compact' : ''}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          {!compact && <th scope="col">Selectors</th>}
          {!compact && <th scope="col">Triggered by</th>}
          {!compact && <th scope="col">Started</th>}
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>
              <RunLink runId={run.id}>{run.display_name}</RunLink>
              <div className="muted small">
                {compact ? <Time at={run.started_at ?? run.created_at} /> : <span className="mono">{run.id.slice(0, 8)}</span>}
              </div>
            </td>
            <td>
              <StatusBadge status={run.status} />
            </td>
            {!compact && <td className="mono">{run.model_names?.join(', ') ?? <span className="muted">all models</span>}</td>}
            {!compact && <td>{run.triggered_by ?? <span className="muted">—</span>}</td>}
            {!compact && (
              <td>
                <Time at={run.started_at ?? run.created_at} />
              </td>
            )}
            <td>
              <Duration from={run.started_at} to={run.finished_at} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
