// OTLP/HTTP wire shapes (OTLP specification, "OTLP/HTTP"): ExportTraceServiceRequest in its JSON encoding, as
// the protobuf JSON mapping writes it with OTLP's departures (trace and span ids as hex, enums as integers,
// lowerCamelCase keys only), and ExportTraceServiceResponse. Unknown fields are ignored, as the specification
// requires of receivers. What the schema cannot say of a span (id lengths, end before start) refuses that span
// alone, in partial_success, rather than the request.
import { Type } from '@sinclair/typebox';
import { component } from '../components.js';

/** fixed64/int64: a decimal string, or a number (OTLP/JSON accepts both). */
const Uint64 = (description: string) =>
  Type.Union([Type.String({ pattern: '^[0-9]{1,20}$' }), Type.Integer({ minimum: 0 })], { description });

const Nested = Type.Object({ values: Type.Optional(Type.Array(Type.Unknown())) });

export const AnyValueSchema = Type.Object(
  {
    stringValue: Type.Optional(Type.String()),
    boolValue: Type.Optional(Type.Boolean()),
    intValue: Type.Optional(Type.Union([Type.String({ pattern: '^-?[0-9]{1,19}$' }), Type.Integer()])),
    doubleValue: Type.Optional(Type.Union([Type.Number(), Type.String({ enum: ['NaN', 'Infinity', '-Infinity'] })])),
    arrayValue: Type.Optional(Nested),
    kvlistValue: Type.Optional(Nested),
    bytesValue: Type.Optional(Type.String({ description: 'base64' })),
  },
  { description: 'AnyValue: one of its fields; arrayValue and kvlistValue nest further AnyValues and KeyValues' },
);

const KeyValueSchema = Type.Object({ key: Type.String(), value: Type.Optional(AnyValueSchema) });
const Attributes = Type.Optional(Type.Array(KeyValueSchema));
const Dropped = Type.Optional(Type.Integer({ minimum: 0 }));

const EventSchema = Type.Object({
  timeUnixNano: Type.Optional(Uint64('When the event happened, nanoseconds since the Unix epoch')),
  name: Type.Optional(Type.String()),
  attributes: Attributes,
  droppedAttributesCount: Dropped,
});

const SpanSchema = Type.Object({
  traceId: Type.Optional(Type.String({ description: '16 bytes as 32 hex digits' })),
  spanId: Type.Optional(Type.String({ description: '8 bytes as 16 hex digits' })),
  traceState: Type.Optional(Type.String()),
  parentSpanId: Type.Optional(Type.String({ description: 'Empty, or 8 bytes as 16 hex digits' })),
  flags: Type.Optional(Type.Integer({ minimum: 0 })),
  name: Type.Optional(Type.String()),
  kind: Type.Optional(Type.Integer({ description: 'SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer' })),
  startTimeUnixNano: Type.Optional(Uint64('Nanoseconds since the Unix epoch')),
  endTimeUnixNano: Type.Optional(Uint64('Nanoseconds since the Unix epoch')),
  attributes: Attributes,
  droppedAttributesCount: Dropped,
  events: Type.Optional(Type.Array(EventSchema)),
  droppedEventsCount: Dropped,
  links: Type.Optional(Type.Array(Type.Object({}))),
  droppedLinksCount: Dropped,
  status: Type.Optional(
    Type.Object({
      message: Type.Optional(Type.String()),
      code: Type.Optional(Type.Integer({ description: 'StatusCode: 0 unset, 1 ok, 2 error' })),
    }),
  ),
});

const ScopeSpansSchema = Type.Object({
  scope: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String()),
      version: Type.Optional(Type.String()),
      attributes: Attributes,
      droppedAttributesCount: Dropped,
    }),
  ),
  spans: Type.Optional(Type.Array(SpanSchema)),
  schemaUrl: Type.Optional(Type.String()),
});

const ResourceSpansSchema = Type.Object({
  resource: Type.Optional(Type.Object({ attributes: Attributes, droppedAttributesCount: Dropped })),
  scopeSpans: Type.Optional(Type.Array(ScopeSpansSchema)),
  schemaUrl: Type.Optional(Type.String()),
});

export const ExportTraceServiceRequestSchema = Type.Object(
  { resourceSpans: Type.Optional(Type.Array(ResourceSpansSchema)) },
  { description: 'ExportTraceServiceRequest, OTLP/JSON encoding' },
);

export const ExportTraceServiceResponseSchema = Type.Object(
  {
    partialSuccess: Type.Optional(
      Type.Object({
        rejectedSpans: Type.String({ pattern: '^[0-9]+$', description: 'Spans refused (int64, as decimal text)' }),
        errorMessage: Type.String({ description: 'Why, naming each refused span (the first few)' }),
      }),
    ),
  },
  { description: 'ExportTraceServiceResponse; partialSuccess is present when some spans were refused' },
);

export const ExportTraceServiceRequest = component('ExportTraceServiceRequest', ExportTraceServiceRequestSchema, {
  examples: [
    {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'email-writer' } }] },
          scopeSpans: [
            {
              scope: { name: 'gentrace' },
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  name: 'write-email',
                  kind: 1,
                  startTimeUnixNano: '1704099600000000000',
                  endTimeUnixNano: '1704099601250000000',
                  attributes: [{ key: 'gentrace.pipeline_id', value: { stringValue: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f81' } }],
                  status: { code: 1 },
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});
export const ExportTraceServiceResponse = component('ExportTraceServiceResponse', ExportTraceServiceResponseSchema);
