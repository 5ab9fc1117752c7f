// Spans of a trace as runledger reads them, whatever encoding they came in (the OTLP surface translates its
// wire shapes into SpanRecord), and the rules a span must meet to become a step. A span that breaks one is
// refused alone; the rest of its request is stored.
import { isUuid } from './ids.js';
import { MAX_STORED_INTEGER } from './storable-json.js';

export const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const SPAN_STATUS_CODES = ['UNSET', 'OK', 'ERROR'] as const;
export type SpanStatusCode = (typeof SPAN_STATUS_CODES)[number];

/** An attribute value: AnyValue as JSON (arrays and key-value lists nest; bytes as base64 text). */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  /** Nanoseconds since the Unix epoch. */
  timeNanos: bigint;
  attributes: Attributes;
}

export interface SpanRecord {
  /** Lower-case hex as sent: 32 digits for a trace, 16 for a span (checked by spanProblem). */
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** A SpanKind, or the number sent when it names none. */
  kind: SpanKind | number;
  startNanos: bigint;
  endNanos: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: SpanStatusCode | number; message: string };
  resource: Attributes;
  scope: { name: string; version: string };
}

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZERO = /^0+$/;
/** Nanoseconds at 9999-12-31T23:59:59Z: past it the instant has no xsd:dateTime of four year digits. */
const MAX_NANOS = 253_402_300_799_999_999_999n;

export const PIPELINE_ID_ATTRIBUTE = 'gentrace.pipeline_id';
export const SERVICE_NAME_ATTRIBUTE = 'service.name';

/** Why a span cannot be stored, or undefined when it can. W3C Trace Context: an all-zero id is invalid. */
export function spanProblem(span: SpanRecord): string | undefined {
  if (!HEX_TRACE_ID.test(span.traceId) || ALL_ZERO.test(span.traceId)) return 'traceId must be 16 bytes (32 hex digits), not all zero';
  if (!HEX_SPAN_ID.test(span.spanId) || ALL_ZERO.test(span.spanId)) return 'spanId must be 8 bytes (16 hex digits), not all zero';
  if (span.parentSpanId !== '' && !HEX_SPAN_ID.test(span.parentSpanId)) return 'parentSpanId must be empty or 8 bytes (16 hex digits)';
  if (span.parentSpanId === span.spanId) return 'parentSpanId names the span itself';
  if (typeof span.kind === 'number') return `kind ${span.kind} is not a SpanKind (0 to 5)`;
  if (typeof span.status.code === 'number') return `status.code ${span.status.code} is not a StatusCode (0 to 2)`;
  if (span.startNanos <= 0n) return 'startTimeUnixNano is required';
  if (span.endNanos > MAX_NANOS || span.startNanos > MAX_NANOS) return 'a time is after the year 9999';
  if (span.endNanos < span.startNanos) return 'endTimeUnixNano is before startTimeUnixNano';
  if ((span.endNanos - span.startNanos) / 1_000_000n > BigInt(MAX_STORED_INTEGER)) return 'the span lasts longer than 24.8 days';
  for (const event of span.events) {
    if (event.timeNanos > MAX_NANOS) return `event ${event.name} is after the year 9999`;
  }
  const pipeline = span.attributes[PIPELINE_ID_ATTRIBUTE];
  if (pipeline !== undefined && (typeof pipeline !== 'string' || !isUuid(pipeline))) return `attribute ${PIPELINE_ID_ATTRIBUTE} must be a UUID`;
  return undefined;
}

/** The run a trace becomes: its 16 bytes written as a UUID, so every span of the trace names it without a lookup. */
export function traceRunId(traceId: string): string {
  const h = traceId;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** xsd:dateTime in UTC keeping microseconds, which is what PostgreSQL keeps of a timestamptz. */
export function nanosToIso(nanos: bigint): string {
  const millis = nanos / 1_000_000n;
  const micros = (nanos / 1000n) % 1000n;
  const iso = new Date(Number(millis)).toISOString();
  return `${iso.slice(0, -1)}${micros.toString().padStart(3, '0')}Z`;
}

/** Whole milliseconds a span lasted, as steps keep elapsed_time. */
export function elapsedMillis(span: SpanRecord): number {
  return Number((span.endNanos - span.startNanos) / 1_000_000n);
}

/** The pipeline a span names: Gentrace's attribute first, else its resource's service.name. */
export function pipelineOf(span: SpanRecord): { gentraceId: string } | { serviceName: string } | undefined {
  const id = span.attributes[PIPELINE_ID_ATTRIBUTE];
  if (typeof id === 'string') return { gentraceId: id.toLowerCase() };
  const service = span.resource[SERVICE_NAME_ATTRIBUTE];
  if (typeof service === 'string' && service !== '') return { serviceName: service };
  return undefined;
}
