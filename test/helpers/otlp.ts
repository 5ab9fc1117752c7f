// OTLP test helpers: the real OpenTelemetry JS SDK pointed at a test server (protobuf or JSON exporter, one
// export per span as Gentrace's SDKs send, or batched), and hand-made ExportTraceServiceRequests for the
// protocol's edges.
import { randomBytes } from 'node:crypto';
import { context, trace, SpanStatusCode, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export type Encoding = 'protobuf' | 'json';

export interface SdkOptions {
  url: string;
  encoding: Encoding;
  headers: Record<string, string>;
  batch?: boolean;
  gzip?: boolean;
  serviceName?: string;
}

export interface Sdk {
  tracer: Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A tracer provider of its own (nothing registered globally), exporting to `url`. */
export function startSdk(options: SdkOptions): Sdk {
  const config = { url: options.url, headers: options.headers, ...(options.gzip ? { compression: 'gzip' as never } : {}) };
  const exporter = options.encoding === 'protobuf' ? new ProtoExporter(config) : new JsonExporter(config);
  const processor = options.batch ? new BatchSpanProcessor(exporter, { maxExportBatchSize: 512, scheduledDelayMillis: 60_000 }) : new SimpleSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'otlp-test-service' }),
    spanProcessors: [processor],
  });
  return {
    tracer: provider.getTracer('gentrace'),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** A child span of `parent` (or a root span), without a global context manager. */
export function startSpan(tracer: Tracer, name: string, parent?: Span, startTime?: Date): Span {
  const ctx: Context = parent ? trace.setSpan(context.active(), parent) : context.active();
  return tracer.startSpan(name, startTime ? { startTime } : {}, ctx);
}

/** As Gentrace's SDKs record a failure: the exception event, status ERROR with its message, error.type. */
export function failSpan(span: Span, error: Error): void {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  span.setAttribute('error.type', error.name);
}

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const traceUuid = (traceId: string) =>
  `${traceId.slice(0, 8)}-${traceId.slice(8, 12)}-${traceId.slice(12, 16)}-${traceId.slice(16, 20)}-${traceId.slice(20)}`;

export interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes?: Record<string, string | number | boolean>;
  events?: { name: string; ms: number; attributes: Record<string, string> }[];
  error?: string;
}

const value = (v: string | number | boolean) =>
  typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
const keyValues = (attributes: Record<string, string | number | boolean> = {}) => Object.entries(attributes).map(([key, v]) => ({ key, value: value(v) }));
const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

/** An ExportTraceServiceRequest in OTLP/JSON (hex ids, decimal-text nanoseconds), one resource and scope. */
export function exportRequest(spans: RawSpan[], serviceName = 'raw-service'): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues({ 'service.name': serviceName }) },
        scopeSpans: [
          {
            scope: { name: 'raw', version: '1.0.0' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.endMs),
              attributes: keyValues(s.attributes),
              events: (s.events ?? []).map((e) => ({ name: e.name, timeUnixNano: nanos(e.ms), attributes: keyValues(e.attributes) })),
              status: s.error ? { code: 2, message: s.error } : { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}
