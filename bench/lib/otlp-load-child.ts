// Drives autocannon for bench/otlp.ts in its own process. Each request is a prepared ExportTraceServiceRequest
// (protobuf or JSON) whose trace ids are replaced with new ones as it is sent, so every request brings new spans
// however long the load runs (a repeated span is a no-op, which would flatter the figures). Request n uses
// template n mod T; each trace slot of a template gets the id of trace ⌊n / T⌋·S + slot, so with one span per
// template consecutive requests carry the spans of one trace, as an exporter sending one span per request does.
// Reads an OtlpLoadSpec (only its type is exported: importing this file runs it) as JSON from the file named by
// argv[2] and writes a LoadOutcome as JSON to stdout.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { driveAndReport } from './drive-load.js';

export interface OtlpLoadSpec {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** Request bodies, base64. */
  templates: string[];
  /** 16-byte trace ids (hex) standing in each template for its trace slots, in slot order. */
  slots: string[];
}

interface Patch {
  offset: number;
  slot: number;
  /** The id as 16 bytes (protobuf) or as 32 hex characters (JSON, and text anywhere). */
  form: 'binary' | 'hex';
}

function findAll(haystack: Buffer, needle: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

function patchesOf(template: Buffer, slots: readonly string[]): Patch[] {
  return slots.flatMap((hex, slot) => [
    ...findAll(template, Buffer.from(hex, 'hex')).map((offset): Patch => ({ offset, slot, form: 'binary' })),
    ...findAll(template, Buffer.from(hex, 'latin1')).map((offset): Patch => ({ offset, slot, form: 'hex' })),
  ]);
}

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as OtlpLoadSpec;
  const templates = spec.templates.map((t) => Buffer.from(t, 'base64'));
  const patches = templates.map((t) => patchesOf(t, spec.slots));
  const run = `${process.pid}-${Date.now()}-`;
  let next = 0;
  const traceId = (n: number) => createHash('sha256').update(run + n).digest().subarray(0, 16);
  await driveAndReport((recordFailure) => ({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    method: 'POST',
    headers: spec.headers,
    requests: [
      {
        setupRequest: (request) => {
          const n = next++;
          const which = n % templates.length;
          const body = Buffer.from(templates[which]!);
          const ids = spec.slots.map((_, slot) => traceId(Math.floor(n / templates.length) * spec.slots.length + slot));
          for (const p of patches[which]!) {
            const id = ids[p.slot]!;
            if (p.form === 'binary') id.copy(body, p.offset);
            else body.write(id.toString('hex'), p.offset, 'latin1');
          }
          request.path = spec.path;
          request.body = body;
          return request;
        },
        onResponse: (status: number, body: string) => {
          // A 200 that refused spans (a response that is not the empty message) stored less than it carried.
          recordFailure(status === 200 && body !== '' && body !== '{}' ? 599 : status, body);
        },
      },
    ],
  }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
