// One dataset template of the workflow, on its input or output side: the dataset that fills it, and the
// paths of the deferred resources the template asks each run to name.
import { ErrorNote } from '../../components/errors';
import { useItem } from './registry-api';
import { RunField, safeId } from './run-field';
import { slotKey, type Side, type SlotDraft } from './run-draft';
import type { DatasetTemplate, RegistryItem, WorkflowTemplate } from './types';

type TemplateRef = WorkflowTemplate['input_templates'][number];

interface Props {
  side: Side;
  index: number;
  templateRef: TemplateRef;
  datasets: RegistryItem[];
  /** Datasets lodged with this template before: offered first. */
  usedBefore: ReadonlySet<string> | undefined;
  value: SlotDraft;
  onChange: (slot: SlotDraft) => void;
  faultOf: (field: string) => string | undefined;
}

export const slotInputId = (side: Side, index: number) => `rr-${side}-${index}`;
export const resourceInputId = (side: Side, index: number, key: string) => `rr-${side}-${index}-res-${safeId(key)}`;

export function DatasetSlot({ side, index, templateRef, datasets, usedBefore, value, onChange, faultOf }: Props) {
  const found = useItem('dataset-templates', templateRef.template_id);
  const template = found.data?.item as (RegistryItem & DatasetTemplate) | undefined;
  const name = template?.display_name ?? templateRef.template_id;
  const key = slotKey(side, index);
  const optional = templateRef.optional === true;
  const first = datasets.filter((d) => usedBefore?.has(d.id));
  const rest = datasets.filter((d) => !usedBefore?.has(d.id));
  const option = (d: RegistryItem) => (
    <option key={d.id} value={d.id}>
      {d.display_name} — {d.id}
    </option>
  );
  return (
    <fieldset className="slot">
      <legend>
        {name}
        {optional && <span className="muted"> (optional)</span>}
      </legend>
      {found.isError && <ErrorNote error={found.error} />}
      {template?.description && <p className="muted slot-description">{template.description}</p>}
      {template && template.defined_resources.length > 0 && (
        <p className="slot-defined">
          <span className="muted">Defined resources: </span>
          {template.defined_resources.map((r) => `${r.path} (${r.usage_type.toLowerCase().replaceAll('_', ' ')})`).join(', ')}
        </p>
      )}
      <RunField id={slotInputId(side, index)} label={`Dataset for ${name}`} required={!optional} fault={faultOf(key)}>
        {(control) => (
          <select {...control} value={value.dataset_id} onChange={(e) => onChange({ ...value, dataset_id: e.target.value })}>
            <option value="">{optional ? 'None' : 'Choose a dataset…'}</option>
            {first.length > 0 ? (
              <>
                <optgroup label="Used with this template before">{first.map(option)}</optgroup>
                <optgroup label="Other datasets">{rest.map(option)}</optgroup>
              </>
            ) : (
              rest.map(option)
            )}
          </select>
        )}
      </RunField>
      {template?.deferred_resources.map((r) => (
        <RunField
          key={r.key}
          id={resourceInputId(side, index, r.key)}
          label={`Path of ${r.key}`}
          hint={`${r.description || 'No description'} · ${r.usage_type.toLowerCase().replaceAll('_', ' ')}${r.is_folder ? ' · a folder' : ''}`}
          required={r.optional !== true}
          fault={faultOf(`${key}:res:${r.key}`)}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              value={value.resources[r.key] ?? ''}
              onChange={(e) => onChange({ ...value, resources: { ...value.resources, [r.key]: e.target.value } })}
            />
          )}
        </RunField>
      ))}
    </fieldset>
  );
}
