// Drives autocannon in its own process, so the load generator does not share the server's event loop
// (the server runs in the parent). Reads a LoadSpec from the JSON file named by argv[2] and writes a
// LoadOutcome as JSON to stdout.
import fs from 'node:fs';
import { driveAndReport } from './drive-load.js';
import type { LoadSpec } from './load.js';

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  let next = 0;
  await driveAndReport((recordFailure) => ({
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
        ...(spec.keepFailureBody ? { onResponse: recordFailure } : {}),
      },
    ],
  }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
