// One run: what it is, its steps on a timeline, the selected step in a side panel, its tests and details.
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { api, type Page } from '../../api/client';
import type { Run, Step, TestResult } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { JsonView } from '../../components/json-view';
import { Duration, StatusBadge, Time } from '../../components/status';
import { useUserNames } from './names';
import { RunActions } from './run-actions';
import { runRoute, type RunSearch } from './routes';
import { StepPanel } from './step-panel';
import { StepTimeline } from './step-timeline';
import { TestResultsTable } from './test-results';
import './runs.css';

const LIVE = new Set(['PENDING', 'RUNNING']);

export function RunPage() {
  const { runId } = runRoute.useParams();
  const search = runRoute.useSearch();
  const navigate = useNavigate({ from: '/runs/$runId' });
  const { me } = useAuth();
  const names = useUserNames();

  const run = useQuery({ queryKey: ['run', runId], queryFn: () => api<Run>(`/model-runs/${runId}`) });
  const live = run.data ? LIVE.has(run.data.status) : false;
  const steps = useQuery({
    queryKey: ['run-steps', runId],
    queryFn: () => api<Page<Step>>(`/model-runs/${runId}/steps?max_results=1000`),
    enabled: run.isSuccess,
    // Steps move between run events while a run is under way.
    refetchInterval: live ? 1500 : false,
  });
  const tests = useQuery({
    queryKey: ['run-tests', runId, run.data?.status],
    queryFn: () => api<Page<TestResult>>(`/model-runs/${runId}/test-results?max_results=1000`),
    enabled: run.isSuccess,
  });

  if (run.isPending) return <Loading what="the run" />;
  if (run.isError) return <ErrorNote error={run.error} />;
  const r = run.data;
  const stepList = steps.data?.data ?? [];
  const selected = stepList.find((s) => s.id === search.step) ?? undefined;
  const tab = search.tab ?? 'steps';
  const setSearch = (change: Partial<RunSearch>) => void navigate({ search: (prev: RunSearch) => ({ ...prev, ...change }), replace: true });

  return (
    <article aria-labelledby="run-title" data-run-status={r.status}>
      <p className="crumbs">
        <Link to="/runs">Runs</Link> /
      </p>
      <div className="page-head">
        <h1 id="run-title">{r.display_name || r.id}</h1>
        <StatusBadge status={r.status} />
        <RunActions run={r} />
      </div>
      <dl className="facts run-facts">
        <dt>Kind</dt>
        <dd>
          {r.kind}
          {r.trigger_type ? ` (${r.trigger_type})` : ''}
        </dd>
        <dt>Id</dt>
        <dd className="mono">{r.id}</dd>
        {r.project_name && (
          <>
            <dt>Project</dt>
            <dd>
              <Link to="/projects/$project" params={{ project: r.project_name }}>
                {r.project_name}
              </Link>
              {r.model_names?.length ? <span className="muted"> · selected {r.model_names.join(', ')}</span> : null}
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          <Time at={r.created_at} /> by {names.nameOf(r.created_by, me) ?? '—'}
        </dd>
        <dt>Started</dt>
        <dd>
          <Time at={r.started_at} />
        </dd>
        <dt>Finished</dt>
        <dd>
          <Time at={r.finished_at} /> {r.started_at && <span className="muted">(<Duration from={r.started_at} to={r.finished_at} />)</span>}
        </dd>
      </dl>
      {r.error_message && (
        <pre className="error run-error" role="alert">
          {r.error_message}
        </pre>
      )}

      <div className="tabs" role="tablist" aria-label="Run views">
        {(['steps', 'tests', 'details'] as const).map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-controls={`panel-${t}`} aria-selected={tab === t} onClick={() => setSearch({ tab: t === 'steps' ? undefined : t })}>
            {t === 'steps' ? `Steps (${stepList.length})` : t === 'tests' ? `Tests (${tests.data?.data.length ?? 0})` : 'Details'}
          </button>
        ))}
      </div>

      {tab === 'steps' && (
        <div role="tabpanel" id="panel-steps" aria-labelledby="tab-steps" className="split">
          <div>
            <ErrorNote error={steps.error} />
            {steps.isPending ? <Loading what="steps" /> : <StepTimeline run={r} steps={stepList} selected={selected?.id} onSelect={(id) => setSearch({ step: id })} />}
          </div>
          <aside aria-label="Selected step" className="panel step-aside">
            {selected ? <StepPanel run={r} step={selected} /> : <p className="muted">Choose a step on the timeline to see its SQL, messages, tests and errors.</p>}
          </aside>
        </div>
      )}
      {tab === 'tests' && (
        <div role="tabpanel" id="panel-tests" aria-labelledby="tab-tests">
          <ErrorNote error={tests.error} />
          <TestResultsTable results={tests.data?.data ?? []} steps={stepList} caption="Every test of this run" />
        </div>
      )}
      {tab === 'details' && (
        <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" className="panel">
          <h2>Run as stored</h2>
          <JsonView value={r} open={1} />
        </div>
      )}
    </article>
  );
}
