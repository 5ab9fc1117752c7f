// npm run bench:parsing — what one body at the size limit (8 MB) costs the server when it is built to be
// expensive: very deep nesting, very wide objects, very long arrays, many duplicate keys. For each body
// it prints the status and the server's wall and CPU time (client and server share the process, but the
// client only streams bytes). Run it before and after a change to the parser or the schemas.
import { randomUUID } from 'node:crypto';
import { clientHeaders } from './lib/http.js';
import { startBenchServer, storesToRun } from './lib/stores.js';

const LIMIT = 8 * 1024 * 1024 - 4096;

/** The longest repetition of `unit` that keeps `wrap(inner)` under the limit. */
function fill(wrap: (inner: string) => string, unit: string, close = ''): string {
  const room = LIMIT - wrap('').length;
  const n = Math.floor(room / (unit.length + close.length));
  return wrap(unit.repeat(n) + close.repeat(n));
}

function wideObject(room: number, value: string): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < room; i++) {
    const part = `"k${i}":${value}`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

function gentrace(inputs: string): string {
  const step = `{"providerName":"openai","invocation":"chat","modelParams":{},"outputs":{},"elapsedTime":1,` +
    `"startTime":"2024-05-01T12:00:00Z","endTime":"2024-05-01T12:00:01Z","inputs":${inputs}}`;
  return `{"id":"${randomUUID()}","slug":"bench-parsing","stepRuns":[${step}]}`;
}

function person(metadata: string): string {
  return `{"display_name":"P","email":"p@example.org","first_name":"P","last_name":"Q","user_metadata":${metadata}}`;
}

const BODIES: Record<string, () => [url: string, body: string]> = {
  'gentrace inputs, arrays nested 4M deep': () => ['/api/v1/run', gentrace(fill((x) => `{"x":${x}}`, '[', ']'))],
  'gentrace inputs, objects nested 1M deep': () => ['/api/v1/run', gentrace(fill((x) => `{"x":${x}0}`, '{"a":', '}'))],
  'gentrace inputs, 700k keys': () => ['/api/v1/run', gentrace(wideObject(LIMIT - 400, '0'))],
  'gentrace inputs, array of 4M numbers': () => ['/api/v1/run', gentrace(fill((x) => `{"x":[${x}0]}`, '0,'))],
  // The largest array the value bound admits: what an accepted body can cost at most.
  'gentrace inputs, array of 249,000 numbers': () => ['/api/v1/run', gentrace(`{"x":[${'1234567,'.repeat(248_999)}1234567]}`)],
  'person user_metadata, 600k keys': () => ['/registry/persons', person(wideObject(LIMIT - 200, '"v"'))],
  'person, one key repeated 1M times': () => ['/registry/persons', person(fill((x) => `{${x}"a":"v"}`, '"a":"v",'))],
};

for (const kind of await storesToRun()) {
  const server = await startBenchServer(kind);
  try {
    const headers = { ...(await clientHeaders(server, 'writer')), 'content-type': 'application/json' };
    console.log(`\n${kind} store`);
    for (const [name, make] of Object.entries(BODIES)) {
      const [url, body] = make();
      const cpu = process.cpuUsage();
      const start = performance.now();
      const res = await fetch(server.url + url, { method: 'POST', headers, body });
      const text = await res.text();
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu);
      const mb = (Buffer.byteLength(body) / 1024 / 1024).toFixed(1);
      const code = res.status >= 400 ? ` ${(JSON.parse(text) as { code?: string }).code ?? ''}` : '';
      console.log(`  ${name} (${mb} MB): ${res.status}${code}, wall ${wall.toFixed(0)} ms, cpu ${((used.user + used.system) / 1000).toFixed(0)} ms`);
    }
  } finally {
    await server.stop();
  }
}
