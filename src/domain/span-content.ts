// What a span says about its step, read from the conventions LLM tracers follow: Gentrace's function events
// (gentrace.fn.args / gentrace.fn.output, each a JSON text) and the OpenTelemetry GenAI semantic conventions
// (gen_ai.input.messages / gen_ai.output.messages; the older gen_ai.prompt / gen_ai.completion, as attributes,
// as attributes of events, or indexed as gen_ai.prompt.<n>.<field>; gen_ai.request.*, gen_ai.usage.*).
// Inputs and outputs are JSON objects, as Gentrace step runs have them, so the same value sent here and
// through /api/v1/run is one content-addressed lineage node.
import type { AttributeValue, Attributes, SpanRecord } from './trace-spans.js';

type JsonMap = Record<string, unknown>;

export interface SpanContent {
  inputs: JsonMap | null;
  outputs: JsonMap | null;
  providerName: string | null;
  invocation: string | null;
  modelParams: JsonMap | null;
  usage: JsonMap | null;
  /** Why the span failed (status ERROR), or null. */
  error: string | null;
}

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON text as its value; text that is not JSON stays text. */
function parseJsonText(value: AttributeValue): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Function arguments as an inputs object. Gentrace's Python SDK and its interaction() write the arguments by
 * name as one object in an array ([{name: value}]): that object. Positional arguments ([value, …]) → {args}.
 */
function argsAsInputs(args: unknown): JsonMap {
  if (Array.isArray(args) && args.length === 1 && isMap(args[0])) return args[0];
  if (isMap(args)) return args;
  return { args };
}

const valueAs = (key: string, value: unknown): JsonMap => (isMap(value) ? value : { [key]: value });

function eventAttribute(span: SpanRecord, eventName: string | null, attribute: string): AttributeValue | undefined {
  for (const event of span.events) {
    if ((eventName === null || event.name === eventName) && event.attributes[attribute] !== undefined) return event.attributes[attribute];
  }
  return undefined;
}

/** gen_ai.prompt.0.role, gen_ai.prompt.0.content, … as [{role, content}, …], in index order. */
function indexedMessages(attributes: Attributes, prefix: string): JsonMap[] | undefined {
  const byIndex = new Map<number, JsonMap>();
  const pattern = new RegExp(`^${prefix.replaceAll('.', '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [key, value] of Object.entries(attributes)) {
    const m = pattern.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    const message = byIndex.get(index) ?? {};
    message[m[2]!] = value;
    byIndex.set(index, message);
  }
  if (byIndex.size === 0) return undefined;
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, message]) => message);
}

function readInputs(span: SpanRecord): JsonMap | null {
  const args = eventAttribute(span, 'gentrace.fn.args', 'args');
  if (args !== undefined) return argsAsInputs(parseJsonText(args));
  const messages = span.attributes['gen_ai.input.messages'];
  if (messages !== undefined) return { messages: parseJsonText(messages) };
  const prompt = span.attributes['gen_ai.prompt'] ?? eventAttribute(span, null, 'gen_ai.prompt');
  if (prompt !== undefined) return valueAs('prompt', parseJsonText(prompt));
  const indexed = indexedMessages(span.attributes, 'gen_ai.prompt');
  return indexed ? { messages: indexed } : null;
}

function readOutputs(span: SpanRecord): JsonMap | null {
  const output = eventAttribute(span, 'gentrace.fn.output', 'output');
  if (output !== undefined) return valueAs('output', parseJsonText(output));
  const messages = span.attributes['gen_ai.output.messages'];
  if (messages !== undefined) return { messages: parseJsonText(messages) };
  const completion = span.attributes['gen_ai.completion'] ?? eventAttribute(span, null, 'gen_ai.completion');
  if (completion !== undefined) return valueAs('completion', parseJsonText(completion));
  const indexed = indexedMessages(span.attributes, 'gen_ai.completion');
  return indexed ? { messages: indexed } : null;
}

/** Attributes under a prefix, the prefix dropped: gen_ai.request.model → model. Null when there are none. */
function withPrefix(attributes: Attributes, prefix: string): JsonMap | null {
  const picked = Object.entries(attributes).filter(([key]) => key.startsWith(prefix) && key.length > prefix.length);
  return picked.length === 0 ? null : Object.fromEntries(picked.map(([key, value]) => [key.slice(prefix.length), value]));
}

const text = (value: AttributeValue | undefined) => (typeof value === 'string' && value !== '' ? value : null);

/** The status message, else error.type, else the first exception event's message. */
function readError(span: SpanRecord): string | null {
  if (span.status.code !== 'ERROR') return null;
  return (
    text(span.status.message) ??
    text(span.attributes['error.type']) ??
    text(eventAttribute(span, 'exception', 'exception.message')) ??
    text(eventAttribute(span, 'exception', 'exception.type')) ??
    'span status ERROR'
  );
}

export function readSpanContent(span: SpanRecord): SpanContent {
  const a = span.attributes;
  return {
    inputs: readInputs(span),
    outputs: readOutputs(span),
    // gen_ai.system is the name before semantic conventions 1.37 renamed it gen_ai.provider.name.
    providerName: text(a['gen_ai.provider.name']) ?? text(a['gen_ai.system']),
    invocation: text(a['gen_ai.operation.name']),
    modelParams: withPrefix(a, 'gen_ai.request.'),
    usage: withPrefix(a, 'gen_ai.usage.'),
    error: readError(span),
  };
}
