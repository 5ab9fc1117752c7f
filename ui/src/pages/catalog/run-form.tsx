// The register-run form for one workflow template: a dataset for each of its templates, the annotations it
// asks for, and who ran it, when and for what. Sent as Provena's v1 ModelRunRecord to register_complete.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { DatasetSlot, resourceInputId, slotInputId } from './dataset-slot';
import { FaultSummary } from './fault-summary';
import { buildRecord, emptyDraft, placeRunFaults, slotKey, type RunDraft, type Side, type SlotDraft } from './run-draft';
import { RunField, safeId } from './run-field';
import type { RegisterRunResponse, RegistryItem, WorkflowTemplate } from './types';

export interface RunFormData {
  workflowId: string;
  workflow: RegistryItem & WorkflowTemplate;
  datasets: RegistryItem[];
  persons: RegistryItem[];
  organisations: RegistryItem[];
  studies: RegistryItem[];
  usage: ReadonlyMap<string, ReadonlySet<string>>;
}

const EMPTY_SLOT: SlotDraft = { dataset_id: '', resources: {} };

/** The id of the control a fault's field is shown beside. */
function idFor(field: string): string {
  const slot = /^(inputs|outputs):(\d+)(?::res:(.+))?$/.exec(field);
  if (slot) return slot[3] !== undefined ? resourceInputId(slot[1] as Side, Number(slot[2]), slot[3]) : slotInputId(slot[1] as Side, Number(slot[2]));
  if (field.startsWith('annotations:')) return `rr-annotation-${safeId(field.slice('annotations:'.length))}`;
  if (field === 'workflow_template_id') return 'rr-workflow';
  return `rr-${field.replace('.', '-')}`;
}

export function RunForm({ data, onRegistered }: { data: RunFormData; onRegistered: (response: RegisterRunResponse) => void }) {
  const { workflow } = data;
  const [draft, setDraft] = useState<RunDraft>(() => emptyDraft());
  const [error, setError] = useState<unknown>(null);
  const [order, setOrder] = useState<Record<Side, string[]>>({ inputs: [], outputs: [] });
  const [saving, setSaving] = useState(false);

  const templateSlot = (side: Side, templateId: string) => {
    const list = side === 'inputs' ? workflow.input_templates : workflow.output_templates;
    const index = list.findIndex((t) => t.template_id === templateId);
    return index < 0 ? undefined : slotKey(side, index);
  };
  const faults = placeRunFaults(error, order, templateSlot);
  const faultOf = (field: string) => faults.filter((f) => f.field === field).map((f) => f.message).join('; ') || undefined;
  const set = <K extends keyof RunDraft>(key: K, value: RunDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildRecord(data.workflowId, workflow, draft);
    setOrder(built.order);
    setSaving(true);
    setError(null);
    try {
      onRegistered(await api<RegisterRunResponse>('/model_run/register_complete', { method: 'POST', body: built.record }));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const slots = (side: Side, templates: WorkflowTemplate['input_templates']) =>
    templates.length === 0 ? (
      <p className="muted">This workflow has no {side}.</p>
    ) : (
      templates.map((t, i) => (
        <DatasetSlot
          key={slotKey(side, i)}
          side={side}
          index={i}
          templateRef={t}
          datasets={data.datasets}
          usedBefore={data.usage.get(t.template_id)}
          value={draft.slots[slotKey(side, i)] ?? EMPTY_SLOT}
          onChange={(slot) => setDraft((d) => ({ ...d, slots: { ...d.slots, [slotKey(side, i)]: slot } }))}
          faultOf={faultOf}
        />
      ))
    );

  const text = (field: 'display_name' | 'description' | 'model_version', label: string, required: boolean, hint?: string) => (
    <RunField id={idFor(field)} label={label} required={required} fault={faultOf(field)} {...(hint ? { hint } : {})}>
      {(control) =>
        field === 'description' ? (
          <textarea {...control} rows={3} value={draft[field]} onChange={(e) => set(field, e.target.value)} />
        ) : (
          <input {...control} type="text" value={draft[field]} onChange={(e) => set(field, e.target.value)} />
        )
      }
    </RunField>
  );

  const pick = (field: 'modeller_id' | 'requesting_organisation_id' | 'study_id', label: string, items: RegistryItem[], required: boolean) => {
    const path = field === 'study_id' ? field : `associations.${field}`;
    return (
      <RunField id={idFor(path)} label={label} required={required} fault={faultOf(path)}>
        {(control) => (
          <select {...control} value={draft[field]} onChange={(e) => set(field, e.target.value)}>
            <option value="">{required ? 'Choose…' : 'None'}</option>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {item.display_name}
              </option>
            ))}
          </select>
        )}
      </RunField>
    );
  };

  const annotationKeys = [
    ...(workflow.annotations?.required ?? []).map((key) => ({ key, required: true })),
    ...(workflow.annotations?.optional ?? []).map((key) => ({ key, required: false })),
  ];

  return (
    <form noValidate onSubmit={(e) => void submit(e)} aria-label={`Register a run of ${workflow.display_name}`}>
      {error !== null && (
        <FaultSummary
          error={error}
          faults={faults.flatMap((f) => (f.field ? [{ message: f.message, target: idFor(f.field) }] : []))}
          what="run"
          verb="register"
        />
      )}
      <div className="run-grid">
        <div>
          <section className="panel" aria-labelledby="rr-inputs-title">
            <h2 id="rr-inputs-title">Inputs</h2>
            {slots('inputs', workflow.input_templates)}
          </section>
          <section className="panel" aria-labelledby="rr-outputs-title">
            <h2 id="rr-outputs-title">Outputs</h2>
            {slots('outputs', workflow.output_templates)}
          </section>
        </div>
        <div>
          <section className="panel" aria-labelledby="rr-about-title">
            <h2 id="rr-about-title">About the run</h2>
            {text('display_name', 'Run name', true)}
            {text('description', 'Description', true)}
            {text('model_version', 'Model version', false, 'The version of the model that ran, if it has one')}
            <div className="run-times">
              {(['start', 'end'] as const).map((which) => (
                <RunField key={which} id={idFor(`${which}_time`)} label={which === 'start' ? 'Started' : 'Ended'} required hint="Your local time" fault={faultOf(`${which}_time`)}>
                  {(control) => <input {...control} type="datetime-local" value={draft[which]} onChange={(e) => set(which, e.target.value)} />}
                </RunField>
              ))}
            </div>
          </section>
          <section className="panel" aria-labelledby="rr-people-title">
            <h2 id="rr-people-title">People and study</h2>
            {pick('modeller_id', 'Modeller', data.persons, true)}
            {pick('requesting_organisation_id', 'Requesting organisation', data.organisations, false)}
            {pick('study_id', 'Study', data.studies, false)}
          </section>
          <section className="panel" aria-labelledby="rr-annotations-title">
            <h2 id="rr-annotations-title">Annotations</h2>
            {annotationKeys.length === 0 && <p className="muted">This workflow asks for no annotations.</p>}
            {annotationKeys.map(({ key, required }) => (
              <RunField key={key} id={idFor(`annotations:${key}`)} label={key} required={required} fault={faultOf(`annotations:${key}`)} {...(required ? {} : { hint: 'Optional' })}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    value={draft.annotations[key] ?? ''}
                    onChange={(e) => set('annotations', { ...draft.annotations, [key]: e.target.value })}
                  />
                )}
              </RunField>
            ))}
          </section>
        </div>
      </div>
      <div className="form-buttons run-submit">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Registering…' : 'Register run'}
        </button>
        <span className="muted">Sent to POST /model_run/register_complete; nothing is stored unless the whole record is valid.</span>
      </div>
    </form>
  );
}
