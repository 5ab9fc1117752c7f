// ExportTraceServiceRequest (OTLP/JSON shape, which protobuf.ts also yields) → runledger's SpanRecords.
// Fields absent are their protobuf defaults. A value inside an attribute that is not what AnyValue allows
// refuses the span it belongs to, with its place named.
import { SPAN_KINDS, SPAN_STATUS_CODES, type AttributeValue, type Attributes, type SpanRecord } from '../../domain/trace-spans.js';

type Json = Record<string, unknown>;

export interface SpanFault {
  traceId: string;
  spanId: string;
  reason: string;
}

class Fault extends Error {}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function readInt(value: unknown, at: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?[0-9]{1,19}$/.test(value)) {
    const n = Number(value);
    // Beyond 2^53 a JavaScript number would change the value: keep its text.
    return Number.isSafeInteger(n) ? n : value;
  }
  throw new Fault(`${at}.intValue is not a 64-bit integer`);
}

function readAnyValue(value: unknown, at: string): AttributeValue {
  if (!isObject(value)) return null;
  if ('stringValue' in value) {
    if (typeof value.stringValue !== 'string') throw new Fault(`${at}.stringValue is not a string`);
    return value.stringValue;
  }
  if ('boolValue' in value) {
    if (typeof value.boolValue !== 'boolean') throw new Fault(`${at}.boolValue is not a boolean`);
    return value.boolValue;
  }
  if ('intValue' in value) return readInt(value.intValue, at);
  if ('doubleValue' in value) {
    const d = value.doubleValue;
    if (typeof d === 'number' || d === 'NaN' || d === 'Infinity' || d === '-Infinity') return d;
    throw new Fault(`${at}.doubleValue is not a number`);
  }
  if ('arrayValue' in value) {
    return list((value.arrayValue as Json | undefined)?.values).map((v, i) => readAnyValue(v, `${at}.arrayValue.values[${i}]`));
  }
  if ('kvlistValue' in value) return readKeyValues((value.kvlistValue as Json | undefined)?.values, `${at}.kvlistValue`);
  if ('bytesValue' in value) {
    if (typeof value.bytesValue !== 'string') throw new Fault(`${at}.bytesValue is not base64 text`);
    return value.bytesValue;
  }
  return null;
}

/** KeyValues as an object; a key repeated keeps its last value. */
function readKeyValues(values: unknown, at: string): Attributes {
  const out: Attributes = {};
  for (const [i, kv] of list(values).entries()) {
    if (!isObject(kv) || typeof kv.key !== 'string') throw new Fault(`${at}[${i}].key is not a string`);
    out[kv.key] = readAnyValue(kv.value, `${at}[${i}].value`);
  }
  return out;
}

function readNanos(value: unknown, at: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  throw new Fault(`${at} is not an unsigned 64-bit integer`);
}

function readEnum<T extends string>(value: unknown, names: readonly T[]): T | number {
  if (value === undefined) return names[0]!;
  const n = typeof value === 'number' ? value : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n < names.length ? names[n]! : n;
}

function readSpan(span: Json, resource: Attributes, scope: SpanRecord['scope']): SpanRecord {
  const status = isObject(span.status) ? span.status : {};
  return {
    traceId: str(span.traceId).toLowerCase(),
    spanId: str(span.spanId).toLowerCase(),
    parentSpanId: str(span.parentSpanId).toLowerCase(),
    name: str(span.name),
    kind: readEnum(span.kind, SPAN_KINDS),
    startNanos: readNanos(span.startTimeUnixNano, 'startTimeUnixNano'),
    endNanos: readNanos(span.endTimeUnixNano, 'endTimeUnixNano'),
    attributes: readKeyValues(span.attributes, 'attributes'),
    events: list(span.events).map((event, i) => ({
      name: str(event.name),
      timeNanos: readNanos(event.timeUnixNano, `events[${i}].timeUnixNano`),
      attributes: readKeyValues(event.attributes, `events[${i}].attributes`),
    })),
    status: { code: readEnum(status.code, SPAN_STATUS_CODES), message: str(status.message) },
    resource,
    scope,
  };
}

/** The spans of a request, and the spans refused while reading them. */
export function readSpans(request: Json): { spans: SpanRecord[]; faults: SpanFault[] } {
  const spans: SpanRecord[] = [];
  const faults: SpanFault[] = [];
  for (const [r, resourceSpans] of list(request.resourceSpans).entries()) {
    let resource: Attributes;
    try {
      resource = readKeyValues((resourceSpans.resource as Json | undefined)?.attributes, `resourceSpans[${r}].resource.attributes`);
    } catch (error) {
      if (!(error instanceof Fault)) throw error;
      // The resource is every span's: all of them go.
      for (const scopeSpans of list(resourceSpans.scopeSpans)) {
        for (const span of list(scopeSpans.spans)) faults.push({ traceId: str(span.traceId), spanId: str(span.spanId), reason: error.message });
      }
      continue;
    }
    for (const scopeSpans of list(resourceSpans.scopeSpans)) {
      const s = isObject(scopeSpans.scope) ? scopeSpans.scope : {};
      const scope = { name: str(s.name), version: str(s.version) };
      for (const span of list(scopeSpans.spans)) {
        try {
          spans.push(readSpan(span, resource, scope));
        } catch (error) {
          if (!(error instanceof Fault)) throw error;
          faults.push({ traceId: str(span.traceId), spanId: str(span.spanId), reason: error.message });
        }
      }
    }
  }
  return { spans, faults };
}
