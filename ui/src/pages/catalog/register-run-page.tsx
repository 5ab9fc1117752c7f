// /catalog/register-run?template=<workflow template id>: pick a workflow template, and the form to lodge a
// completed run of it is built from that template.
import { LineageLink, RunLink } from '../../components/links';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { useDatasetUsage } from './dataset-usage';
import { RefLink } from './item-fields';
import { MODEL_RUNS } from './kinds';
import { Crumbs } from './parts';
import { useAllItems, useItem } from './registry-api';
import { RunForm } from './run-form';
import type { RegisterRunResponse, RegistryItem, WorkflowTemplate } from './types';

const route = getRouteApi('/catalog/register-run');

export function RegisterRunPage() {
  const { template } = route.useSearch();
  const navigate = route.useNavigate();
  const { me } = useAuth();
  const workflows = useAllItems('workflow-templates');
  const [registered, setRegistered] = useState<RegisterRunResponse | null>(null);
  const [attempt, setAttempt] = useState(0);
  const queryClient = useQueryClient();

  const onRegistered = (response: RegisterRunResponse) => {
    setRegistered(response);
    void queryClient.invalidateQueries({ queryKey: ['registry', MODEL_RUNS] });
  };

  return (
    <section className="catalog" aria-labelledby="rr-title">
      <Crumbs kind={MODEL_RUNS} />
      <div className="page-head">
        <h1 id="rr-title">Register a run</h1>
        <p className="muted">Lodge a completed model run: the form follows the workflow template you choose.</p>
      </div>
      {!hasRole(me, 'writer') ? (
        <p className="notice">Registering a run needs the writer role; yours is {me?.role}.</p>
      ) : registered ? (
        <Registered response={registered} onAnother={() => { setRegistered(null); setAttempt((n) => n + 1); }} />
      ) : (
        <>
          <div className="toolbar panel workflow-picker">
            <label htmlFor="rr-workflow">Workflow template</label>
            {workflows.isError ? (
              <ErrorNote error={workflows.error} />
            ) : (
              <select
                id="rr-workflow"
                value={template ?? ''}
                disabled={!workflows.data}
                onChange={(e) => void navigate({ search: { template: e.target.value || undefined } })}
              >
                <option value="">{workflows.data ? (workflows.data.length ? 'Choose a workflow template…' : 'No workflow templates yet') : 'Loading…'}</option>
                {workflows.data?.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.display_name}
                  </option>
                ))}
              </select>
            )}
            {template && <WorkflowSummary id={template} />}
          </div>
          {template ? <LoadedForm key={`${template}:${attempt}`} templateId={template} onRegistered={onRegistered} /> : <p className="muted">Choose a workflow template to see the form.</p>}
        </>
      )}
    </section>
  );
}

function WorkflowSummary({ id }: { id: string }) {
  const found = useItem('workflow-templates', id);
  if (!found.data) return null;
  const w = found.data.item as RegistryItem & WorkflowTemplate;
  return (
    <p className="workflow-summary">
      <span className="muted">Model:</span> <RefLink kind="models" id={w.software_id} /> · {w.input_templates.length} input and {w.output_templates.length} output
      templates ·{' '}
      <Link to="/catalog/$kind/$id" params={{ kind: 'workflow-templates', id }} search={{}}>
        Open the template
      </Link>
    </p>
  );
}

function LoadedForm({ templateId, onRegistered }: { templateId: string; onRegistered: (r: RegisterRunResponse) => void }) {
  const workflow = useItem('workflow-templates', templateId);
  const datasets = useAllItems('datasets');
  const persons = useAllItems('persons');
  const organisations = useAllItems('organisations');
  const studies = useAllItems('studies');
  const usage = useDatasetUsage();
  const all = [workflow, datasets, persons, organisations, studies, usage];
  const failed = all.find((q) => q.isError);
  if (failed) return <ErrorNote error={failed.error} />;
  if (!workflow.data || !datasets.data || !persons.data || !organisations.data || !studies.data || !usage.data) return <Loading what="the workflow and the registry" />;
  return (
    <RunForm
      data={{
        workflowId: templateId,
        workflow: workflow.data.item as RegistryItem & WorkflowTemplate,
        datasets: datasets.data,
        persons: persons.data,
        organisations: organisations.data,
        studies: studies.data,
        usage: usage.data,
      }}
      onRegistered={onRegistered}
    />
  );
}

function Registered({ response, onAnother }: { response: RegisterRunResponse; onAnother: () => void }) {
  const { id, record } = response.record_info;
  return (
    <div className="panel registered" role="status">
      <h2>Registered “{record.display_name}”</h2>
      <p>
        The run was lodged with id <span className="mono">{id}</span>, with {record.inputs.length} input and {record.outputs.length} output datasets.
      </p>
      <p className="registered-links">
        <RunLink className="button primary" runId={id}>
          Open the run page
        </RunLink>
        <LineageLink className="button" start={id}>
          Open its lineage
        </LineageLink>
        <Link to="/catalog/$kind/$id" params={{ kind: MODEL_RUNS, id }} search={{}} className="button">
          See its record
        </Link>
        <button type="button" onClick={onAnother}>
          Register another run
        </button>
      </p>
    </div>
  );
}
