// Drives autocannon for bench/ingest.ts in its own process. Unlike load-child.ts, which cycles through bodies
// prepared in advance, it makes each body as it sends it: every request carries a new run id and new step
// values however long the load runs. (A repeated id would be answered by the idempotency check and store
// nothing, which would flatter the figures.) Reads an IngestLoadSpec (only its type is exported: importing
// this file runs it) as JSON from the file named by argv[2] and writes a LoadOutcome as JSON to stdout.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { driveAndReport } from './drive-load.js';

export interface IngestLoadSpec {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** A request body in which idMark becomes a new UUID and every seqMark the request's sequence number. */
  template: string;
  idMark: string;
  seqMark: string;
}

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as IngestLoadSpec;
  const seq = `${process.pid}-${Date.now()}-`;
  let next = 0;
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
          request.path = spec.path;
          request.body = spec.template.replace(spec.idMark, randomUUID()).replaceAll(spec.seqMark, seq + next++);
          return request;
        },
        onResponse: recordFailure,
      },
    ],
  }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
