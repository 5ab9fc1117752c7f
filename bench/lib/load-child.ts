// Drives autocannon in its own process, so the load generator does not share the server's event loop
// (the server runs in the parent). Reads a LoadSpec from the JSON file named by argv[2] and writes a
// LoadOutcome as JSON to stdout.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LoadOutcome, LoadSpec } from './load.js';
import { summarise } from './stats.js';

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  let next = 0;
  let firstFailure: string | undefined;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};

  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    method: spec.method,
    headers: spec.headers,
    requests: [
      {
        // Each request takes the next path/body in turn, so concurrent requests name different ids.
        setupRequest: (request) => {
          const n = next++;
          request.path = spec.paths[n % spec.paths.length]!;
          if (spec.bodies) request.body = spec.bodies[n % spec.bodies.length]!;
          return request;
        },
        // Only small responses are kept for diagnosis: buffering large bodies would load the generator.
        ...(spec.keepFailureBody
          ? {
              onResponse: (status: number, body: string) => {
                if (status >= 300) firstFailure ??= `${status} ${body.slice(0, 800)}`;
              },
            }
          : {}),
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const started = performance.now();
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;

  const outcome: LoadOutcome = {
    seconds,
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
