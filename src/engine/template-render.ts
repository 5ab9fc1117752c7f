// Renders one model's SQL template with @huggingface/jinja, an interpreter: a template reaches only the
// values and functions given here, never Node's globals. It runs inside the template worker (template.ts),
// which bounds its time and memory; this module itself is synchronous and pure.
import { Template } from '@huggingface/jinja';
import { quoteRelation } from './warehouse.js';

export interface TemplateContext {
  /** Project and bare name of the model being rendered. */
  project: string;
  model: string;
  materialization: string;
  /** What is_incremental() returns. */
  incremental: boolean;
  /** What {{ this }} renders to. */
  thisRelation: string;
  /** Every model ref() may name: qualified `project.name` → the SQL text ref() renders to. */
  relations: Record<string, string>;
  /** source('s', 't') → SQL text, keyed `s.t`. */
  sources: Record<string, string>;
  vars: Record<string, unknown>;
  /** Names of macros from /v1/macros: {{ m('amount') }} renders `m(amount)`. */
  macros: readonly string[];
  /**
   * At create or update, what a trigger may still supply: a missing var renders NULL, and a ref() to a model
   * not created yet renders that model's name (projects are created model by model, in any order).
   */
  lenient?: boolean;
}

export interface RenderedModel {
  sql: string;
  refs: string[];
  sources: string[];
  varsUsed: string[];
  macrosUsed: string[];
  config: Record<string, unknown>;
  missingVars: string[];
  warnings: string[];
}

/** A fault the template author can fix, with the line it is on when that is known. */
export class TemplateFault extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'TemplateFault';
  }
}

/** Rendered SQL past this size is refused: a template is source code, not a data generator. */
export const MAX_RENDERED_CHARS = 1_000_000;
const LINE_MARKER = '__runledger_line';

// Arguments arrive as the interpreter's runtime values inside lists and maps; plain JS is easier to read.
function toJs(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toJs(v)]));
  if (Array.isArray(value)) return value.map(toJs);
  if (typeof value === 'object' && value !== null && 'type' in value && 'value' in value) return toJs((value as { value: unknown }).value);
  return value;
}

/** A call's positional arguments, and its keyword arguments (the interpreter passes them as a last Map). */
function splitArgs(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args.at(-1);
  if (last instanceof Map) return { positional: args.slice(0, -1).map(toJs), keywords: toJs(last) as Record<string, unknown> };
  return { positional: args.map(toJs), keywords: {} };
}

function stringArg(fn: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new TemplateFault(`${fn}() needs ${what} as a string`);
  return value;
}

/** A macro argument as SQL: strings are SQL expressions (column names), other values literals. */
function sqlArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return 'NULL';
  throw new TemplateFault(`a macro argument must be a string, number or boolean, got ${JSON.stringify(value)}`);
}

function render(template: string, ctx: TemplateContext, onLine?: (line: number) => void): RenderedModel {
  const refs = new Set<string>();
  const sources = new Set<string>();
  const varsUsed = new Set<string>();
  const macrosUsed = new Set<string>();
  const missingVars = new Set<string>();
  const warnings: string[] = [];
  const config: Record<string, unknown> = {};
  const byName = new Map<string, string[]>();
  for (const qualified of Object.keys(ctx.relations)) {
    const name = qualified.slice(qualified.indexOf('.') + 1);
    byName.set(name, [...(byName.get(name) ?? []), qualified]);
  }

  const ref = (...args: unknown[]) => {
    const { positional } = splitArgs(args);
    if (positional.length < 1 || positional.length > 2) throw new TemplateFault('ref() takes a model name, or a project and a model name');
    const names = positional.map((a, i) => stringArg('ref', a, i === 0 && positional.length === 2 ? 'the project' : 'the model name'));
    let qualified = names.length === 2 ? `${names[0]}.${names[1]}` : `${ctx.project}.${names[0]}`;
    if (!(qualified in ctx.relations) && names.length === 1) {
      const candidates = byName.get(names[0]!) ?? [];
      if (candidates.length > 1) throw new TemplateFault(`ref('${names[0]}') is ambiguous: ${[...candidates].sort().join(', ')}; name the project`);
      if (candidates.length === 1) qualified = candidates[0]!;
    }
    const relation = ctx.relations[qualified] ?? (ctx.lenient ? quoteRelation(qualified) : undefined);
    if (relation === undefined) throw new TemplateFault(`ref(${names.map((n) => `'${n}'`).join(', ')}): no such model`);
    refs.add(qualified);
    return relation;
  };
  const source = (...args: unknown[]) => {
    const { positional } = splitArgs(args);
    if (positional.length !== 2) throw new TemplateFault('source() takes a source name and a table name');
    const key = `${stringArg('source', positional[0], 'the source name')}.${stringArg('source', positional[1], 'the table name')}`;
    sources.add(key);
    const declared = ctx.sources[key];
    if (declared !== undefined) return declared;
    warnings.push(`source('${key.replace('.', "', '")}') is not declared in the project settings; it renders as the relation ${key}`);
    return quoteRelation(key);
  };
  const variable = (...args: unknown[]) => {
    const { positional } = splitArgs(args);
    if (positional.length < 1 || positional.length > 2) throw new TemplateFault('var() takes a name and an optional default');
    const name = stringArg('var', positional[0], 'the variable name');
    varsUsed.add(name);
    if (Object.hasOwn(ctx.vars, name)) return ctx.vars[name];
    if (positional.length === 2) return positional[1];
    if (ctx.lenient) {
      missingVars.add(name);
      return 'NULL';
    }
    throw new TemplateFault(`var('${name}') has no value: set it in the project settings or send it with the trigger, or give a default`);
  };
  const globals: Record<string, unknown> = {
    ref,
    source,
    var: variable,
    this: ctx.thisRelation,
    is_incremental: () => ctx.incremental,
    config: (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      if (positional.length > 0) throw new TemplateFault('config() takes keyword arguments only, e.g. config(materialized="table")');
      Object.assign(config, keywords);
      return '';
    },
    [LINE_MARKER]: (line: number) => {
      onLine?.(line);
      return '';
    },
  };
  for (const name of ctx.macros) {
    if (name in globals) continue;
    globals[name] = (...args: unknown[]) => {
      macrosUsed.add(name);
      return `${name}(${splitArgs(args).positional.map(sqlArgument).join(', ')})`;
    };
  }
  const sql = new Template(template).render(globals).trim();
  if (sql.length > MAX_RENDERED_CHARS) throw new TemplateFault(`the template renders to more than ${MAX_RENDERED_CHARS} characters`);
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    sql,
    refs: sorted(refs),
    sources: sorted(sources),
    varsUsed: sorted(varsUsed),
    macrosUsed: sorted(macrosUsed),
    config,
    missingVars: sorted(missingVars),
    warnings: [...new Set(warnings)],
  };
}

interface Tag {
  start: number;
  end: number;
  line: number;
  kind: 'expression' | 'statement' | 'comment';
  body: string;
}

const OPENERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/** The template's tags with their lines; an unterminated tag is a fault on its line. */
function scanTags(template: string): Tag[] {
  const tags: Tag[] = [];
  const pattern = /\{[{%#]/g;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    const line = template.slice(0, match.index).split('\n').length;
    const close = template.indexOf(OPENERS[match[0]]!, match.index + 2);
    if (close < 0) throw new TemplateFault(`"${match[0]}" is never closed`, line);
    const kind = match[0] === '{{' ? 'expression' : match[0] === '{%' ? 'statement' : 'comment';
    tags.push({ start: match.index, end: close + 2, line, kind, body: template.slice(match.index + 2, close).replace(/^[-+]|[-+]$/g, '').trim() });
    pattern.lastIndex = close + 2;
  }
  return tags;
}

const BLOCKS: Record<string, string> = { if: 'endif', for: 'endfor', macro: 'endmacro', call: 'endcall', filter: 'endfilter', raw: 'endraw' };

/** The block a statement opens (its end keyword), if any: `{% set x %}` opens one, `{% set x = 1 %}` does not. */
function opensBlock(body: string): string | undefined {
  const keyword = body.split(/\s+/, 1)[0]!;
  if (keyword === 'set') return body.includes('=') ? undefined : 'endset';
  return BLOCKS[keyword];
}

/**
 * Where a template that does not parse goes wrong. The interpreter's parser names no position, so the
 * template is parsed tag by tag: each prefix, with the blocks it leaves open closed, must parse; the first
 * that does not is the faulty tag.
 */
function locateSyntaxFault(template: string, message: string): TemplateFault {
  const tags = scanTags(template);
  const open: { end: string; line: number }[] = [];
  for (const tag of tags) {
    if (tag.kind === 'statement') {
      const keyword = tag.body.split(/\s+/, 1)[0]!;
      if (keyword.startsWith('end')) {
        if (open.at(-1)?.end !== keyword) return new TemplateFault(`{% ${keyword} %} closes no open block`, tag.line);
        open.pop();
      } else {
        const end = opensBlock(tag.body);
        if (end) open.push({ end, line: tag.line });
      }
    }
    const closers = [...open].reverse().map((b) => `{% ${b.end} %}`).join('');
    try {
      new Template(template.slice(0, tag.end) + closers);
    } catch (err) {
      return new TemplateFault((err as Error).message, tag.line);
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) return new TemplateFault(`a block opened here is never closed (expected {% ${unclosed.end} %})`, unclosed.line);
  return new TemplateFault(message);
}

/** The template with a marker before every tag, so a failing render tells the line it reached. */
function withLineMarkers(template: string): string {
  let out = '';
  let at = 0;
  for (const tag of scanTags(template)) {
    out += `${template.slice(at, tag.start)}{{ ${LINE_MARKER}(${tag.line}) }}${template.slice(tag.start, tag.end)}`;
    at = tag.end;
  }
  return out + template.slice(at);
}

/** Renders a model's template; any fault is a TemplateFault, with its line when it can be found. */
export function renderTemplate(template: string, ctx: TemplateContext): RenderedModel {
  try {
    new Template(template);
  } catch (err) {
    throw err instanceof TemplateFault ? err : locateSyntaxFault(template, (err as Error).message);
  }
  try {
    return render(template, ctx);
  } catch (err) {
    const message = err instanceof TemplateFault ? err.message : `${(err as Error).message}`;
    if (err instanceof RangeError) throw new TemplateFault(`rendering failed: ${message} (a macro that calls itself?)`);
    let line: number | undefined;
    try {
      render(withLineMarkers(template), ctx, (l) => (line = l));
    } catch {
      // Expected: the same fault again, with the line it was reached on.
    }
    throw new TemplateFault(message, line);
  }
}
