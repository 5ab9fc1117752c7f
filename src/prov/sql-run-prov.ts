// The PROV document of a triggered SQL model run: the run, its steps (started by it), the tables they
// generated, what those were derived from, the triggering user, and each model definition as the plan.
import { createHash } from 'node:crypto';
import { uuidFromDigest } from '../domain/ids.js';
import { ProvDocument, qualifiedName } from './document.js';

export interface SqlRunForProv {
  id: string;
  display_name: string;
  project: string;
  schema: string;
  started_at: Date | null;
  finished_at: Date;
  triggeredBy: { id: string; username: string } | null;
}

export interface SqlStepForProv {
  id: string;
  /** Qualified `project.name`, as steps name models. */
  model_name: string;
  status: string;
  compiled_hash: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  output_entity_id: string | null;
  depends_on: string[];
  reads: { tables: string[]; files: string[] };
}

const digestId = (text: string) => uuidFromDigest(createHash('sha256').update(text).digest('hex'));

export const fileEntityId = (project: string, path: string) => digestId(`file|${project}|${path}`);
/** A table read by a run that did not build it: the table as such, not one materialisation of it. */
export const tableIdentityId = (qualified: string) => digestId(`table|${qualified}`);
/** A model definition, as compiled: `model` is qualified `project.name`. */
export const modelDefinitionId = (model: string, hash: string) => digestId(`model|${model}|${hash}`);

const times = (start: Date | null, end: Date | null) => ({
  ...(start ? { 'prov:startTime': start.toISOString() } : {}),
  ...(end ? { 'prov:endTime': end.toISOString() } : {}),
});

export function buildSqlRunProv(run: SqlRunForProv, steps: readonly SqlStepForProv[]): ProvDocument {
  const doc = new ProvDocument();
  doc.node({ id: run.id, item_category: 'ACTIVITY', item_subtype: 'MODEL_RUN', display_name: run.display_name }, times(run.started_at, run.finished_at));
  if (run.triggeredBy) {
    doc.node({ id: run.triggeredBy.id, item_category: 'AGENT', item_subtype: 'USER', display_name: run.triggeredBy.username });
    doc.relate('wasAssociatedWith', run.id, run.triggeredBy.id);
  }
  // The relation a step builds is its model's bare name in the run's schema.
  const relationOf = (step: SqlStepForProv) => `${run.schema}.${step.model_name.slice(run.project.length + 1)}`;
  const builtHere = new Map(steps.filter((s) => s.status === 'SUCCESS' && s.output_entity_id).map((s) => [relationOf(s), s.output_entity_id!]));

  for (const step of steps.filter((s) => s.started_at)) {
    doc.node({ id: step.id, item_category: 'ACTIVITY', item_subtype: 'STEP', display_name: step.model_name }, times(step.started_at, step.finished_at));
    doc.relate('wasStartedBy', step.id, run.id);
    if (step.compiled_hash) {
      const plan = modelDefinitionId(step.model_name, step.compiled_hash);
      doc.node({ id: plan, item_category: 'ENTITY', item_subtype: 'MODEL_DEFINITION', display_name: `${step.model_name} @ ${step.compiled_hash.slice(0, 19)}` });
      doc.relate('wasInfluencedBy', step.id, plan);
      if (run.triggeredBy) doc.relate('wasAssociatedWith', step.id, run.triggeredBy.id, { 'prov:plan': qualifiedName(plan) });
    }
    const sources = [
      ...step.reads.tables.map((t) => {
        const id = builtHere.get(t) ?? tableIdentityId(t);
        doc.node({ id, item_category: 'ENTITY', item_subtype: 'TABLE', display_name: t });
        return id;
      }),
      ...step.reads.files.map((f) => {
        const id = fileEntityId(run.project, f);
        doc.node({ id, item_category: 'ENTITY', item_subtype: 'FILE', display_name: f });
        return id;
      }),
    ];
    for (const source of sources) doc.relate('used', step.id, source);
    if (step.status === 'SUCCESS' && step.output_entity_id) {
      doc.node({ id: step.output_entity_id, item_category: 'ENTITY', item_subtype: 'TABLE', display_name: relationOf(step) });
      doc.relate('wasGeneratedBy', step.output_entity_id, step.id);
      for (const source of sources) doc.relate('wasDerivedFrom', step.output_entity_id, source);
    }
  }
  return doc;
}
