// /catalog/model-runs/$id: a lodged run's record — its workflow, the datasets on each side, who ran it and
// for what. Runs are not edited here: register_complete lodges them once.
import { LineageLink, RunLink } from '../../components/links';
import { ErrorNote, Loading } from '../../components/errors';
import { Time } from '../../components/status';
import { FieldValue, Fields, RefLink } from './item-fields';
import { MODEL_RUNS } from './kinds';
import { Crumbs } from './parts';
import { useModelRun } from './registry-api';
import type { TemplatedDataset } from './types';

const unixTime = (seconds: number) => new Date(seconds * 1000).toISOString();

function DatasetsTable({ title, datasets }: { title: string; datasets: TemplatedDataset[] }) {
  if (datasets.length === 0) return <p className="muted">No {title.toLowerCase()}.</p>;
  return (
    <table className="data nested-table run-datasets">
      <caption className="visually-hidden">{title}</caption>
      <thead>
        <tr>
          <th scope="col">Template</th>
          <th scope="col">Dataset</th>
          <th scope="col">Resources</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d, i) => (
          <tr key={i}>
            <td>
              <RefLink kind="dataset-templates" id={d.dataset_template_id} withId={false} />
            </td>
            <td>
              <RefLink kind="datasets" id={d.dataset_id} withId={false} />
            </td>
            <td>{d.resources && Object.keys(d.resources).length > 0 ? <Fields fields={d.resources} nested /> : <span className="muted">none</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ModelRunView({ id }: { id: string }) {
  const run = useModelRun(id);
  if (run.isPending) return <Loading what="model run" />;
  if (run.isError) {
    return (
      <section className="catalog" aria-labelledby="item-title">
        <Crumbs kind={MODEL_RUNS} />
        <h1 id="item-title">No such model run</h1>
        <ErrorNote error={run.error} />
      </section>
    );
  }
  const { record } = run.data;
  return (
    <section className="catalog" aria-labelledby="item-title">
      <Crumbs kind={MODEL_RUNS} />
      <div className="page-head">
        <h1 id="item-title">{run.data.display_name}</h1>
        <span className="badge kind-badge">Registered model run</span>
        <div className="actions">
          <LineageLink className="button" start={id}>
            Open lineage
          </LineageLink>
          <RunLink className="button primary" runId={id}>
            Open run page
          </RunLink>
        </div>
      </div>
      <div className="split">
        <div className="item-main">
          <section className="panel" aria-labelledby="record-fields">
            <h2 id="record-fields">Record</h2>
            <dl className="facts item-fields">
              <dt>Workflow template</dt>
              <dd>
                <RefLink kind="workflow-templates" id={record.workflow_template_id} />
              </dd>
              <dt>Description</dt>
              <dd>{record.description}</dd>
              <dt>Model version</dt>
              <dd>{record.model_version ?? <span className="muted">—</span>}</dd>
              <dt>Study</dt>
              <dd>{record.study_id ? <RefLink kind="studies" id={record.study_id} /> : <span className="muted">—</span>}</dd>
              <dt>Modeller</dt>
              <dd>
                <RefLink kind="persons" id={record.associations.modeller_id} />
              </dd>
              <dt>Requesting organisation</dt>
              <dd>
                {record.associations.requesting_organisation_id ? (
                  <RefLink kind="organisations" id={record.associations.requesting_organisation_id} />
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
              <dt>Started</dt>
              <dd>
                <Time at={unixTime(record.start_time)} />
              </dd>
              <dt>Ended</dt>
              <dd>
                <Time at={unixTime(record.end_time)} />
              </dd>
              <dt>Annotations</dt>
              <dd>
                <FieldValue field="annotations" value={record.annotations ?? {}} />
              </dd>
            </dl>
          </section>
          <section className="panel" aria-labelledby="inputs-title">
            <h2 id="inputs-title">Inputs</h2>
            <DatasetsTable title="Inputs" datasets={record.inputs} />
            <h2>Outputs</h2>
            <DatasetsTable title="Outputs" datasets={record.outputs} />
          </section>
        </div>
        <aside className="panel" aria-labelledby="lodged-title">
          <h2 id="lodged-title">Lodged</h2>
          <dl className="facts">
            <dt>ID</dt>
            <dd className="mono">{run.data.id}</dd>
            <dt>Status</dt>
            <dd>
              <span className="badge">{run.data.record_status}</span>
            </dd>
            <dt>Registered</dt>
            <dd>
              <Time at={run.data.created_at} />
            </dd>
            <dt>By</dt>
            <dd className="mono">{run.data.created_by ?? '—'}</dd>
          </dl>
        </aside>
      </div>
    </section>
  );
}
