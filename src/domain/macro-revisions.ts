// A macro's revisions: what a revision's content is, its hash, and the diff of two revisions.
import { createHash } from 'node:crypto';
import type { MacroImpactModel, MacroRevisionDiff, MacroRevisionView } from './macros.js';

/** What a revision captures; a change to anything else of a macro (tags, owner…) makes no revision. */
export interface MacroContent {
  parameters: readonly string[];
  body: string;
  description: string;
  status: string;
}

/**
 * `sha256:` over the content as the platform hashes it: Go's encoding/json of {parameters, body, description,
 * status}, which is JSON.stringify's text with <, >, & and U+2028/U+2029 escaped. Equal content, equal hash,
 * on either server.
 */
export function macroContentHash(content: MacroContent): string {
  const { parameters, body, description, status } = content;
  const json = JSON.stringify({ parameters, body, description, status }).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `sha256:${createHash('sha256').update(json, 'utf8').digest('hex')}`;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A change DuckDB must check again: what the macro computes or how it is called. */
export function isDefinitionChange(from: Pick<MacroContent, 'parameters' | 'body'>, to: Pick<MacroContent, 'parameters' | 'body'>): boolean {
  return from.body !== to.body || !sameList(from.parameters, to.parameters);
}

/** A change that makes a new revision. */
export function isContentChange(from: MacroContent, to: MacroContent): boolean {
  return isDefinitionChange(from, to) || from.description !== to.description || from.status !== to.status;
}

const byTable = (a: MacroImpactModel, b: MacroImpactModel) => (a.target_table < b.target_table ? -1 : a.target_table > b.target_table ? 1 : 0);

/** Models that reached the macro as of `to` and not `from` (added), the reverse (removed), and both (unchanged). */
function diffImpact(from: readonly MacroImpactModel[], to: readonly MacroImpactModel[]) {
  const fromTables = new Set(from.map((m) => m.target_table));
  const toTables = new Set(to.map((m) => m.target_table));
  return {
    added: to.filter((m) => !fromTables.has(m.target_table)).sort(byTable),
    removed: from.filter((m) => !toTables.has(m.target_table)).sort(byTable),
    unchanged: to.filter((m) => fromTables.has(m.target_table)).sort(byTable),
  };
}

const nonEmpty = <K extends string, T>(key: K, list: readonly T[]) => (list.length > 0 ? ({ [key]: list } as Record<K, T[]>) : {});

/**
 * The platform's semantic diff: parameters compare as sets (a reordering is no change here, though it
 * makes a revision), and lists are left out when empty.
 */
export function diffMacroRevisions(
  macroName: string,
  from: MacroRevisionView,
  to: MacroRevisionView,
  impact: { from: readonly MacroImpactModel[]; to: readonly MacroImpactModel[] },
): MacroRevisionDiff {
  const fromParameters = from.parameters ?? [];
  const toParameters = to.parameters ?? [];
  const parametersChanged = !sameList([...fromParameters].sort(), [...toParameters].sort());
  const bodyChanged = from.body !== to.body;
  const descriptionChanged = from.description !== to.description;
  const statusChanged = from.status !== to.status;
  const { added, removed, unchanged } = diffImpact(impact.from, impact.to);
  return {
    macro_name: macroName,
    from_version: from.version,
    to_version: to.version,
    from_content_hash: from.content_hash,
    to_content_hash: to.content_hash,
    changed: parametersChanged || bodyChanged || descriptionChanged || statusChanged,
    parameters_changed: parametersChanged,
    body_changed: bodyChanged,
    description_changed: descriptionChanged,
    status_changed: statusChanged,
    ...nonEmpty('from_parameters', fromParameters),
    ...nonEmpty('to_parameters', toParameters),
    from_body: from.body,
    to_body: to.body,
    from_description: from.description,
    to_description: to.description,
    ...(from.status ? { from_status: from.status } : {}),
    ...(to.status ? { to_status: to.status } : {}),
    impact_changed: added.length > 0 || removed.length > 0,
    ...nonEmpty('impacted_models_added', added),
    ...nonEmpty('impacted_models_removed', removed),
    ...nonEmpty('impacted_models_unchanged', unchanged),
  };
}
