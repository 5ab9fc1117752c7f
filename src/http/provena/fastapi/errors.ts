// Provena's services are FastAPI apps: errors leave as {detail}, body and query faults as 422 with pydantic's
// {loc, msg, type} items. provenaclient maps the status to its exception (400, 401, 404, 422 each their own),
// so the status matters more than the text; the text follows pydantic v1 where a client might show it.
import { Type, type Static } from '@sinclair/typebox';
import { component } from '../../components.js';
import type { AjvIssue } from '../../validation-issues.js';
import { literalsOf, withoutChoiceBranches } from '../../validation-issues.js';

export const FastapiErrorItemSchema = Type.Object({
  loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  msg: Type.String(),
  type: Type.String(),
  ctx: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export type FastapiErrorItem = Static<typeof FastapiErrorItemSchema>;

export const FastapiErrorSchema = Type.Object(
  { detail: Type.Union([Type.String(), Type.Array(FastapiErrorItemSchema)]) },
  { description: "FastAPI's error body: a sentence, or the list of validation faults" },
);
export const FastapiError = component('FastapiError', FastapiErrorSchema);

/** A 422 raised by a rule the schema cannot state (Provena's model validators, e.g. start before end). */
export class FastapiValidationError extends Error {
  constructor(readonly items: FastapiErrorItem[]) {
    super(items.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; '));
    this.name = 'FastapiValidationError';
  }
}

const TYPE_FAULTS: Record<string, [string, string]> = {
  integer: ['value is not a valid integer', 'type_error.integer'],
  number: ['value is not a valid float', 'type_error.float'],
  string: ['str type expected', 'type_error.str'],
  boolean: ['value could not be parsed to a boolean', 'type_error.bool'],
  array: ['value is not a valid list', 'type_error.list'],
  object: ['value is not a valid dict', 'type_error.dict'],
};

function segments(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const quoted = (values: unknown[]) => values.map((v) => `'${String(v)}'`).join(', ');

function itemOf(issue: AjvIssue, part: 'body' | 'query'): FastapiErrorItem {
  const loc: (string | number)[] = [part, ...segments(issue.instancePath)];
  const p = issue.params;
  const literals = literalsOf(issue) ?? (issue.keyword === 'enum' ? (p.allowedValues as unknown[]) : issue.keyword === 'const' ? [p.allowedValue] : undefined);
  if (literals) {
    return { loc, msg: `value is not a valid enumeration member; permitted: ${quoted(literals)}`, type: 'type_error.enum', ctx: { enum_values: literals } };
  }
  switch (issue.keyword) {
    case 'required':
      return { loc: [...loc, String(p.missingProperty)], msg: 'field required', type: 'value_error.missing' };
    case 'additionalProperties':
      return { loc: [...loc, String(p.additionalProperty)], msg: 'extra fields not permitted', type: 'value_error.extra' };
    case 'not':
      // An object whose additionalProperties is the schema that admits nothing (extra="forbid" kept strict under
      // removeAdditional): the fault is at the extra member itself.
      if (issue.schemaPath.endsWith('/additionalProperties/not')) return { loc, msg: 'extra fields not permitted', type: 'value_error.extra' };
      return { loc, msg: issue.message ?? 'value is not valid', type: 'value_error' };
    case 'type': {
      const [msg, type] = TYPE_FAULTS[String(p.type).split(',')[0]!] ?? ['value is not valid', 'type_error'];
      return { loc, msg, type };
    }
    case 'minLength':
      return { loc, msg: `ensure this value has at least ${p.limit} characters`, type: 'value_error.any_str.min_length', ctx: { limit_value: p.limit } };
    case 'maxLength':
      return { loc, msg: `ensure this value has at most ${p.limit} characters`, type: 'value_error.any_str.max_length', ctx: { limit_value: p.limit } };
    case 'maxItems':
      return { loc, msg: `ensure this value has at most ${p.limit} items`, type: 'value_error.list.max_items', ctx: { limit_value: p.limit } };
    case 'minimum':
      return { loc, msg: `ensure this value is greater than or equal to ${p.limit}`, type: 'value_error.number.not_ge', ctx: { limit_value: p.limit } };
    case 'maximum':
      return { loc, msg: `ensure this value is less than or equal to ${p.limit}`, type: 'value_error.number.not_le', ctx: { limit_value: p.limit } };
    default:
      return { loc, msg: issue.message ?? 'value is not valid', type: 'value_error' };
  }
}

/** Ajv's faults as FastAPI lists them: one item per fault, the choice between literals as one enum fault. */
export function fastapiItems(errors: readonly AjvIssue[], part: 'body' | 'query'): FastapiErrorItem[] {
  const seen = new Set<string>();
  return withoutChoiceBranches(errors)
    .map((e) => itemOf(e, part))
    .filter((i) => !seen.has(JSON.stringify(i.loc) + i.type) && seen.add(JSON.stringify(i.loc) + i.type));
}

/** Where Provena's services live. Routes below it answer errors as FastAPI does (the OpenAPI document says so too). */
export const PROVENA_BASE = '/provena';
