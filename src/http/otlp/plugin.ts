// The OTLP/HTTP trace receiver (OpenTelemetry Protocol specification, "OTLP/HTTP"): POST /v1/traces, the
// default path of every OpenTelemetry SDK, and POST /api/otel/v1/traces, where Gentrace's SDKs send
// ({base}/otel/v1/traces with base …/api). Bodies are ExportTraceServiceRequests in protobuf or JSON, optionally
// gzip-compressed; the reply is an ExportTraceServiceResponse in the request's encoding.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ingestSpans, type SpanRejection } from '../../services/trace-ingest-service.js';
import { problems } from '../problem-schema.js';
import { PROTOBUF, acceptOtlpEncodings, decodeContentEncoding } from './body.js';
import { encodeExportResponse } from './protobuf.js';
import { readSpans } from './read-spans.js';
import { ExportTraceServiceRequest, ExportTraceServiceResponse } from './schemas.js';

const DESCRIPTION =
  'OTLP/HTTP trace export. Each trace becomes one ingested run (its id is the trace id written as a UUID) and each ' +
  'span a step, nested under its parent span\'s step; spans of a trace may come in any number of requests, in any ' +
  'order, and the run follows them (FAILED when a span has status ERROR; start and end the extremes of its spans). ' +
  'Inputs and outputs come from Gentrace\'s gentrace.fn.args / gentrace.fn.output events and from the GenAI ' +
  'semantic conventions. A span sent again with the same content changes nothing. A span that cannot be stored ' +
  '(ids of the wrong length, end before start, a span id already stored with other content, a trace id naming a ' +
  'run of another origin) is refused alone and counted in partialSuccess. The body may be gzip-compressed ' +
  '(Content-Encoding: gzip). Errors are RFC 9457 problem documents, as on every route, rather than the ' +
  'google.rpc.Status the specification suggests: 400 when the body does not decode (nothing is stored), 413 when ' +
  'it (inflated) exceeds the body limit, 429 and 503 with Retry-After when a retry may succeed.';

type ExportResponse = { partialSuccess?: { rejectedSpans: string; errorMessage: string } };

/** The first few refusals, each naming its span; enough to act on without an unbounded message. */
function describe(rejected: readonly SpanRejection[]): string {
  const shown = rejected.slice(0, 5).map((r) => `span ${r.spanId || '(no id)'} of trace ${r.traceId || '(no id)'}: ${r.reason}`);
  const more = rejected.length > shown.length ? `; and ${rejected.length - shown.length} more` : '';
  return `${rejected.length} span(s) refused: ${shown.join('; ')}${more}`;
}

export interface OtlpOptions {
  /** Told, per request, how many spans were accepted (stored, or already stored as sent) and how many refused. */
  countSpans?: (accepted: number, rejected: number) => void;
}

async function exportTraces(request: FastifyRequest, reply: FastifyReply, opts: OtlpOptions) {
  const { spans, faults } = readSpans((request.body ?? {}) as Record<string, unknown>);
  const result = await ingestSpans(request.ctx, spans, request.principal);
  const rejected = [...faults, ...result.rejected];
  opts.countSpans?.(result.accepted, rejected.length);
  const response: ExportResponse =
    rejected.length === 0 ? {} : { partialSuccess: { rejectedSpans: String(rejected.length), errorMessage: describe(rejected) } };
  if (request.headers['content-type']?.toLowerCase().startsWith(PROTOBUF)) {
    return reply.type(PROTOBUF).send(encodeExportResponse(response));
  }
  return reply.type('application/json').send(response);
}

export default async function otlpPlugin(app: FastifyInstance, opts: OtlpOptions = {}): Promise<void> {
  acceptOtlpEncodings(app);
  const schema = (operationId: string, summary: string) => ({
    tags: ['otlp'],
    summary,
    description: DESCRIPTION,
    operationId,
    body: {
      content: {
        'application/json': { schema: ExportTraceServiceRequest },
        [PROTOBUF]: { schema: { description: 'ExportTraceServiceRequest, protobuf binary encoding', contentMediaType: PROTOBUF } },
      },
    },
    response: {
      200: {
        description: 'Accepted; partialSuccess names the spans refused, if any',
        content: {
          'application/json': { schema: ExportTraceServiceResponse },
          [PROTOBUF]: { schema: { description: 'ExportTraceServiceResponse, protobuf binary encoding', contentMediaType: PROTOBUF } },
        },
      },
      ...problems(400, 401, 403, 413, 415, 429, 503),
    },
  });
  const route = {
    config: { access: 'write' as const },
    preParsing: decodeContentEncoding,
    handler: (request: FastifyRequest, reply: FastifyReply) => exportTraces(request, reply, opts),
  };
  app.post('/v1/traces', { ...route, schema: schema('exportTraces', 'Export spans (OTLP/HTTP, protobuf or JSON)') });
  app.post('/api/otel/v1/traces', {
    ...route,
    schema: schema('exportGentraceTraces', "Export spans at Gentrace's OTLP path (OTLP/HTTP, protobuf or JSON)"),
  });
}
