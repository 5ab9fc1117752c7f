// The register-run form's state, the ModelRunRecord (Provena's v1 body) it becomes, and where a refusal of
// that record belongs in the form. What the person left empty is left out of the record, so the server
// names what is missing in its own words.
import { ApiError } from '../../api/client';
import { splitPath } from './server-errors';
import type { ModelRunRecord, TemplatedDataset, WorkflowTemplate } from './types';

export type Side = 'inputs' | 'outputs';

export interface SlotDraft {
  dataset_id: string;
  /** Deferred resource paths, by key. */
  resources: Record<string, string>;
}

export interface RunDraft {
  display_name: string;
  description: string;
  model_version: string;
  study_id: string;
  modeller_id: string;
  requesting_organisation_id: string;
  /** datetime-local values, in the browser's time zone. */
  start: string;
  end: string;
  /** One per template of the workflow, keyed by slotKey(). */
  slots: Record<string, SlotDraft>;
  annotations: Record<string, string>;
}

/** A template's place in the workflow: its side and its position among that side's templates. */
export const slotKey = (side: Side, index: number) => `${side}:${index}`;

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as a datetime-local value. */
export function localInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function emptyDraft(now = new Date()): RunDraft {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  return {
    display_name: '',
    description: '',
    model_version: '',
    study_id: '',
    modeller_id: '',
    requesting_organisation_id: '',
    start: localInput(hourAgo),
    end: localInput(now),
    slots: {},
    annotations: {},
  };
}

const unixSeconds = (local: string): number | undefined => {
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
};

const filled = (map: Record<string, string>): Record<string, string> | undefined => {
  const entries = Object.entries(map).filter(([, v]) => v.trim() !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
};

export interface BuiltRecord {
  record: Partial<ModelRunRecord>;
  /** The slot each dataset of the record came from, in the record's order: errors name `inputs[i]`. */
  order: Record<Side, string[]>;
}

export function buildRecord(workflowId: string, workflow: WorkflowTemplate, draft: RunDraft): BuiltRecord {
  const order: Record<Side, string[]> = { inputs: [], outputs: [] };
  const side = (name: Side, templates: WorkflowTemplate['input_templates']): TemplatedDataset[] =>
    templates.flatMap((t, i) => {
      const key = slotKey(name, i);
      const slot = draft.slots[key];
      if (!slot?.dataset_id) return [];
      order[name].push(key);
      const resources = filled(slot.resources);
      return [{ dataset_template_id: t.template_id, dataset_id: slot.dataset_id, dataset_type: 'DATA_STORE' as const, ...(resources ? { resources } : {}) }];
    });
  const annotations = filled(draft.annotations);
  const start = unixSeconds(draft.start);
  const end = unixSeconds(draft.end);
  const record: Partial<ModelRunRecord> = {
    workflow_template_id: workflowId,
    inputs: side('inputs', workflow.input_templates),
    outputs: side('outputs', workflow.output_templates),
    display_name: draft.display_name.trim(),
    description: draft.description.trim(),
    associations: {
      modeller_id: draft.modeller_id,
      ...(draft.requesting_organisation_id ? { requesting_organisation_id: draft.requesting_organisation_id } : {}),
    },
    ...(draft.model_version.trim() ? { model_version: draft.model_version.trim() } : {}),
    ...(draft.study_id ? { study_id: draft.study_id } : {}),
    ...(annotations ? { annotations } : {}),
    ...(start !== undefined ? { start_time: start } : {}),
    ...(end !== undefined ? { end_time: end } : {}),
  };
  return { record, order };
}

/**
 * A field of the form: a top-level record field ("display_name", "associations.modeller_id"), a slot
 * ("inputs:0"), a slot's resource ("inputs:0:res:config") or an annotation ("annotations:region").
 */
export interface RunFault {
  field: string | undefined;
  message: string;
}

function fieldOfPath(path: string[], order: Record<Side, string[]>): string | undefined {
  const [head, second, third, fourth] = path;
  if (head === 'inputs' || head === 'outputs') {
    if (second !== undefined && /^\d+$/.test(second)) {
      const slot = order[head][Number(second)];
      return slot && third === 'resources' && fourth ? `${slot}:res:${fourth}` : slot;
    }
    return undefined;
  }
  if (head === 'annotations' && second) return `annotations:${second}`;
  if (head === 'associations' && second) return `associations.${second}`;
  return head;
}

/** Where each fault of a refused record belongs; `field` undefined when it names no field of the form. */
export function placeRunFaults(error: unknown, order: Record<Side, string[]>, templateSlot: (side: Side, templateId: string) => string | undefined): RunFault[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const raw: unknown = error.problem.errors;
  if (Array.isArray(raw) && raw.length > 0) {
    return raw.flatMap((entry: unknown) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      const at = [e.field, e.path, e.instancePath].find((f): f is string => typeof f === 'string');
      if (at === undefined || typeof e.message !== 'string') return [];
      return [{ field: fieldOfPath(splitPath(at), order), message: `${at} ${e.message}` }];
    });
  }
  const detail = error.problem.detail ?? '';
  return [{ field: fieldOfDetail(detail, order, templateSlot), message: detail }];
}

function fieldOfDetail(detail: string, order: Record<Side, string[]>, templateSlot: (side: Side, templateId: string) => string | undefined): string | undefined {
  let m = /annotations is missing required key "([^"]+)"/.exec(detail);
  if (m) return `annotations:${m[1]}`;
  m = /(inputs|outputs) has no dataset for required template "([^"]+)"/.exec(detail);
  if (m) return templateSlot(m[1] as Side, m[2]!);
  m = /(inputs|outputs)\[(\d+)\]\.resources is missing required deferred resource key "([^"]+)"/.exec(detail);
  if (m) return fieldOfPath([m[1]!, m[2]!, 'resources', m[3]!], order);
  m = /(inputs|outputs)\[(\d+)\]/.exec(detail);
  if (m) return fieldOfPath([m[1]!, m[2]!], order);
  if (/workflow template software_id/.test(detail)) return 'workflow_template_id';
  m = /\b(associations\.\w+|study_id|workflow_template_id|start_time|end_time|display_name|description|model_version)\b/.exec(detail);
  return m?.[1];
}
