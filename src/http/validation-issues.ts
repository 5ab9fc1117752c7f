// Ajv's errors as the problem document's errors[]: one {field, message} per fault, the field named as the
// client sent it. Ajv reports a choice (anyOf/oneOf) as the failure of every branch plus the choice itself;
// the two choices the schemas use are summarised as one issue each: a closed set of literals, and
// alternative spellings of one field (`{oneOf: [{required: [a]}, {required: [b]}]}`).
// The validators run with Ajv's `verbose`, which puts `schema` and `parentSchema` on each error.

export interface AjvIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  schema?: unknown;
  parentSchema?: Record<string, unknown>;
}

export interface Issue {
  field: string;
  message: string;
}

function pathOf(instancePath: string): string {
  return instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.');
}

const join = (base: string, child: string) => (base ? `${base}.${child}` : child);

function branches(issue: AjvIssue): Record<string, unknown>[] | undefined {
  if (issue.keyword !== 'anyOf' && issue.keyword !== 'oneOf') return undefined;
  return Array.isArray(issue.schema) ? (issue.schema as Record<string, unknown>[]) : undefined;
}

/** The names of a choice between spellings, each branch requiring one property and nothing else. */
function spellingsOf(issue: AjvIssue): string[] | undefined {
  const names = branches(issue)?.map((b) => {
    const required = b.required;
    return Object.keys(b).length === 1 && Array.isArray(required) && required.length === 1 ? required[0] : undefined;
  });
  return names?.every((n): n is string => typeof n === 'string') ? names : undefined;
}

/** The values of a choice between literals (TypeBox's union of Type.Literal). */
export function literalsOf(issue: AjvIssue): unknown[] | undefined {
  const all = branches(issue);
  return all?.every((b) => 'const' in b) ? all.map((b) => b.const) : undefined;
}

function describe(issue: AjvIssue, part: string): Issue {
  const base = pathOf(issue.instancePath);
  const spellings = spellingsOf(issue);
  if (spellings) {
    const passing = issue.params.passingSchemas;
    if (Array.isArray(passing) && passing.length > 1) {
      const [first, second] = passing.map((i) => join(base, spellings[i as number]!));
      return { field: second!, message: `repeats ${part}.${first}; send one of them` };
    }
    return { field: join(base, spellings[0]!), message: `is required (or ${spellings.slice(1).join(', ')})` };
  }
  const literals = literalsOf(issue) ?? (issue.keyword === 'enum' ? (issue.params.allowedValues as unknown[]) : undefined);
  if (literals) return { field: base || '(root)', message: `must be one of: ${literals.join(', ')}` };
  const child = issue.params.missingProperty ?? issue.params.additionalProperty;
  const field = (typeof child === 'string' ? join(base, child) : base) || '(root)';
  if (issue.params.additionalProperty) return { field, message: 'is not a known field' };
  if (issue.params.missingProperty) return { field, message: 'is required' };
  return { field, message: issue.message ?? 'is not valid' };
}

/** One issue per fault; `part` (body, querystring, params) prefixes the fields a message refers to. */
/** The faults without those that only say why one branch of a summarised choice failed. */
export function withoutChoiceBranches(errors: readonly AjvIssue[]): AjvIssue[] {
  const choices = errors.filter((e) => spellingsOf(e) ?? literalsOf(e));
  const isBranchOfChoice = (e: AjvIssue) =>
    choices.some((c) => c !== e && c.instancePath === e.instancePath && e.schemaPath.startsWith(`${c.schemaPath}/`));
  return errors.filter((e) => !isBranchOfChoice(e));
}

export function summariseIssues(errors: readonly AjvIssue[], part: string): Issue[] {
  const seen = new Set<string>();
  return withoutChoiceBranches(errors)
    .map((e) => describe(e, part))
    .filter((i) => !seen.has(`${i.field} ${i.message}`) && seen.add(`${i.field} ${i.message}`));
}

/**
 * The problem code a schema names for its range (`x-problem`), when every fault is a value out of that range:
 * a rule moved from a service into a schema keeps the code clients already know.
 */
export function problemCodeOf(errors: readonly AjvIssue[]): string | undefined {
  const codes = new Set(errors.map((e) => (e.keyword === 'type' ? undefined : e.parentSchema?.['x-problem'])));
  const [code] = codes;
  return codes.size === 1 && typeof code === 'string' ? code : undefined;
}
