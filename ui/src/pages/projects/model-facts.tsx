// What a model is: description, owner, tags, what it reads and what reads it, its settings and freshness.
import type { ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorNote } from '../../components/errors';
import { JsonView } from '../../components/json-view';
import { Time } from '../../components/status';
import { Chips } from './chips';
import type { Model } from './model-types';
import { DependsOn } from './project-page';
import { qualified, useFreshness, useProjectModels } from './queries';

/** `latest`, the panel of the model's latest build, goes after what the model is and before its settings. */
export function ModelFacts({ model, latest }: { model: Model; latest: ReactNode }) {
  const siblings = useProjectModels(model.project_name);
  const id = qualified(model);
  const known = new Set((siblings.data ?? []).map(qualified));
  const usedBy = (siblings.data ?? []).filter((m) => m.depends_on.includes(id));
  return (
    <>
      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">About</h2>
        <p>{model.description || <span className="muted">No description.</span>}</p>
        <dl className="facts">
          <dt>Project</dt>
          <dd>{model.project_name}</dd>
          <dt>Materialization</dt>
          <dd>{model.materialization}</dd>
          <dt>Tags</dt>
          <dd>
            <Chips items={model.tags} kind="tag" />
          </dd>
          <dt>Depends on</dt>
          <dd>
            <DependsOn deps={model.depends_on} project={model.project_name} known={known} />
          </dd>
          <dt>Used by</dt>
          <dd>
            {usedBy.length ? (
              <ul className="inline-list">
                {usedBy.map((m) => (
                  <li key={m.id} className="mono small">
                    <Link to="/projects/$project/models/$model" params={{ project: m.project_name, model: m.name }}>
                      {m.name}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">no model of this project</span>
            )}
          </dd>
          {model.owner && (
            <>
              <dt>Owner</dt>
              <dd>{model.owner}</dd>
            </>
          )}
          <dt>Changed</dt>
          <dd>
            <Time at={model.updated_at} />
          </dd>
        </dl>
      </section>
      {latest}
      <FreshnessPanel model={model} />
      <section className="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">Config and contract</h2>
        <h3>Config</h3>
        {model.config && Object.keys(model.config).length ? <JsonView value={model.config} /> : <p className="muted">Defaults.</p>}
        <h3>Contract</h3>
        <Contract model={model} />
      </section>
    </>
  );
}

function Contract({ model }: { model: Model }) {
  const contract = model.contract;
  if (!contract?.columns?.length) return <p className="muted">No contract.</p>;
  return (
    <>
      <p className="small">{contract.enforce ? 'Enforced: a build whose columns differ fails.' : 'Not enforced.'}</p>
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Nullable</th>
          </tr>
        </thead>
        <tbody>
          {contract.columns.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td className="mono">{c.type}</td>
              <td>{c.nullable === false ? 'no' : 'yes'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function FreshnessPanel({ model }: { model: Model }) {
  const freshness = useFreshness(model.project_name, model.name);
  const f = freshness.data;
  return (
    <section className="panel" aria-labelledby="freshness-title">
      <h2 id="freshness-title">Freshness</h2>
      <ErrorNote error={freshness.error} />
      {freshness.isPending && <p className="muted">Checking…</p>}
      {f && (
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${f.is_fresh ? 'status-success' : 'status-failed'}`}>{f.is_fresh ? 'Fresh' : 'Stale'}</span>
          </dd>
          <dt>Last load</dt>
          <dd>{f.last_run_at ? <Time at={f.last_run_at} /> : <span className="muted">{f.max_lag_seconds ? 'never built' : '—'}</span>}</dd>
          <dt>Allowed lag</dt>
          <dd>{f.max_lag_seconds ? `${f.max_lag_seconds} s` : <span className="muted">no freshness policy: always fresh</span>}</dd>
          {f.stale_since && (
            <>
              <dt>Stale since</dt>
              <dd>
                <Time at={f.stale_since} />
              </dd>
            </>
          )}
          {model.freshness_policy?.cron_schedule && (
            <>
              <dt>Schedule</dt>
              <dd className="mono">{model.freshness_policy.cron_schedule}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
