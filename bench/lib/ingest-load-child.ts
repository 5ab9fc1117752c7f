// Drives autocannon for bench/ingest.ts in its own process. Unlike load-child.ts, which cycles through bodies
// prepared in advance, it makes each body as it sends it: every request carries a new run id and new step
// values however long the load runs. (A repeated id would be answered by the idempotency check and store
// nothing, which would flatter the figures.) Reads an IngestLoadSpec (only its type is exported: importing this file runs it) as JSON from the file named by argv[2]
// and writes a LoadOutcome as JSON to stdout.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LoadOutcome } from './load.js';
import { summarise } from './stats.js';

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
  let firstFailure: string | undefined;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};

  const instance = autocannon({
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
        onResponse: (status: number, body: string) => void (status >= 300 && (firstFailure ??= `${status} ${body.slice(0, 800)}`)),
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const started = performance.now();
  const result = await instance;
  const outcome: LoadOutcome = {
    seconds: (performance.now() - started) / 1000,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    latency: summarise(latencies),
    ...(firstFailure ? { firstFailure } : {}),
  };
  process.stdout.write(JSON.stringify(outcome));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
