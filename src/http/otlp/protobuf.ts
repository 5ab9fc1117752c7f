// OTLP's protobuf encoding, read and written with protobufjs from the official message definitions
// (opentelemetry-proto v1.11.0, vendored unmodified under ./proto with its Apache-2.0 licence).
// Decoded messages are turned into the OTLP/JSON shape (lowerCamelCase keys, 64-bit integers as decimal text,
// enums as integers), with trace and span ids as hex as OTLP/JSON writes them, so one reader serves both
// encodings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The build copies ./proto beside the compiled module (scripts/build.mjs), so this holds in src/ and dist/. */
const PROTO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proto');

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // The definitions import each other by path from the repository root of opentelemetry-proto.
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  root.resolveAll();
  return root;
}

const root = loadRoot();
const ExportRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const ExportResponse = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false, json: true };

type Json = Record<string, unknown>;

const base64ToHex = (value: unknown) => (typeof value === 'string' ? Buffer.from(value, 'base64').toString('hex') : value);

/** OTLP/JSON writes trace and span ids as hex, where the protobuf JSON mapping would write base64. */
function idsToHex(request: Json): Json {
  for (const resourceSpans of (request.resourceSpans as Json[] | undefined) ?? []) {
    for (const scopeSpans of (resourceSpans.scopeSpans as Json[] | undefined) ?? []) {
      for (const span of (scopeSpans.spans as Json[] | undefined) ?? []) {
        for (const key of ['traceId', 'spanId', 'parentSpanId']) if (key in span) span[key] = base64ToHex(span[key]);
        for (const link of (span.links as Json[] | undefined) ?? []) {
          for (const key of ['traceId', 'spanId']) if (key in link) link[key] = base64ToHex(link[key]);
        }
      }
    }
  }
  return request;
}

/** An ExportTraceServiceRequest in its OTLP/JSON shape; throws when the bytes are not one. */
export function decodeExportRequest(body: Uint8Array): Json {
  const message = ExportRequest.decode(body);
  return idsToHex(ExportRequest.toObject(message, TO_OBJECT));
}

export function encodeExportResponse(response: { partialSuccess?: { rejectedSpans: string; errorMessage: string } }): Buffer {
  const message = ExportResponse.fromObject(response);
  return Buffer.from(ExportResponse.encode(message).finish());
}

/** For tests and benchmarks: a request in OTLP/JSON shape (hex ids) as protobuf bytes. */
export function encodeExportRequest(request: Json): Buffer {
  const copy = structuredClone(request);
  const hexToBase64 = (value: unknown) => (typeof value === 'string' ? Buffer.from(value, 'hex').toString('base64') : value);
  for (const resourceSpans of (copy.resourceSpans as Json[] | undefined) ?? []) {
    for (const scopeSpans of (resourceSpans.scopeSpans as Json[] | undefined) ?? []) {
      for (const span of (scopeSpans.spans as Json[] | undefined) ?? []) {
        for (const key of ['traceId', 'spanId', 'parentSpanId']) if (key in span) span[key] = hexToBase64(span[key]);
      }
    }
  }
  return Buffer.from(ExportRequest.encode(ExportRequest.fromObject(copy)).finish());
}

export function decodeExportResponse(body: Uint8Array): Json {
  return ExportResponse.toObject(ExportResponse.decode(body), TO_OBJECT);
}
