// /projects/$project/models/$model: the model's SQL, what it is, its tests with their latest results, its
// freshness and its run history; writers can run it and change its tests.
import { useState } from 'react';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { CodeView } from '../../components/code-view';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { StatusBadge, Time } from '../../components/status';
import { LineageLink, RunLink } from '../../components/links';
import { ModelEditor } from './model-editor';
import { ModelFacts } from './model-facts';
import { ModelTests } from './model-tests';
import { qualified, useLatestStep, useModel, useRuns, type LatestStep, type TaggedModel } from './queries';
import { RunsTable } from './runs-table';
import { useTrigger } from './trigger-form';
import './projects.css';

const route = getRouteApi('/projects/$project/models/$model');
const HISTORY_PAGE = 10;

export function ModelPage() {
  const { project, model: name } = route.useParams();
  const model = useModel(project, name);
  return (
    <section className="area-models" aria-labelledby="model-title">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/projects">Model projects</Link> <span aria-hidden="true">/</span>{' '}
        <Link to="/projects/$project" params={{ project }}>
          {project}
        </Link>{' '}
        <span aria-hidden="true">/</span>
      </nav>
      {model.isPending && (
        <h1 id="model-title">
          <span className="code-name">{name}</span>
        </h1>
      )}
      {model.isPending && <Loading what="the model" />}
      <ErrorNote error={model.error} />
      {model.data && <ModelView tagged={model.data} />}
    </section>
  );
}

function ModelView({ tagged }: { tagged: TaggedModel }) {
  const { model } = tagged;
  const { hist } = route.useSearch();
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const { me } = useAuth();
  const trail = hist ?? [];
  const id = qualified(model);
  const history = useRuns({ model: id }, trail.at(-1), HISTORY_PAGE);
  // The latest results come from the newest runs, whichever page of the history is shown.
  const newest = useRuns({ model: id }, undefined, HISTORY_PAGE);
  const latest = useLatestStep(id, newest.data?.data);
  const trigger = useTrigger();
  const moveHistory = (next: string[]) =>
    void navigate({
      to: '/projects/$project/models/$model',
      params: { project: model.project_name, model: model.name },
      search: next.length ? { hist: next } : {},
      resetScroll: false,
    });

  return (
    <>
      <div className="page-head">
        <h1 id="model-title">
          <span className="code-name">{model.name}</span> <span className="chip">{model.materialization}</span>
        </h1>
        <div className="actions">
          {latest.data && <LineageLink start={latest.data.step.output_entity_id ?? latest.data.run.id} className="button">
            Lineage of its latest build
          </LineageLink>}
          {hasRole(me, 'writer') && !editing && (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {hasRole(me, 'writer') && (
            <button type="button" className="primary" disabled={trigger.isPending} onClick={() => trigger.mutate({ project_name: model.project_name, model_names: [model.name] })}>
              {trigger.isPending ? 'Starting…' : 'Run this model'}
            </button>
          )}
        </div>
      </div>
      <ErrorNote error={trigger.error} />
      <div className="split model-split">
        <div className="model-main">
          {editing ? (
            <ModelEditor key={tagged.etag ?? model.updated_at} tagged={tagged} onDone={() => setEditing(false)} />
          ) : (
            <section aria-labelledby="sql-title">
              <h2 id="sql-title">SQL</h2>
              <CodeView code={model.sql} label={`SQL of ${model.name}`} />
            </section>
          )}
          <ModelTests model={model} latest={latest.data ?? null} latestPending={latest.isPending} canEdit={hasRole(me, 'writer')} />
          {latest.error && <ErrorNote error={latest.error} />}
          <section aria-labelledby="history-title">
            <h2 id="history-title">Run history</h2>
            <p className="muted small">Runs that built this model, newest first.</p>
            {history.isPending && <Loading what="runs" />}
            <ErrorNote error={history.error} />
            {history.data && <RunsTable runs={history.data.data} caption={`Runs of ${id}`} />}
            {(trail.length > 0 || history.data?.next_page_token) && <Pager trail={trail} next={history.data?.next_page_token} onMove={moveHistory} />}
          </section>
        </div>
        <aside aria-label="About this model">
          <ModelFacts model={model} latest={latest.data ? <LatestBuild latest={latest.data} /> : null} />
        </aside>
      </div>
    </>
  );
}

function LatestBuild({ latest }: { latest: LatestStep }) {
  const { run, step } = latest;
  return (
    <section className="panel" aria-labelledby="latest-title">
      <h2 id="latest-title">Latest build</h2>
      <dl className="facts">
        <dt>Run</dt>
        <dd>
          <RunLink runId={run.id}>{run.display_name}</RunLink> <Time at={run.started_at ?? run.created_at} />
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={step.status} />
        </dd>
        <dt>Rows</dt>
        <dd>{step.rows_affected ?? <span className="muted">—</span>}</dd>
        {step.error_message && (
          <>
            <dt>Error</dt>
            <dd className="error-text">{step.error_message}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
