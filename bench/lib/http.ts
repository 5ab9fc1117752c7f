// Plain HTTP calls the benchmarks make outside the measured load: building data and fetching samples.
import type { BenchServer } from './stores.js';

export interface JsonReply {
  status: number;
  body: any;
  bytes: number;
}

export async function requestJson(
  server: BenchServer,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(server.url + url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text) };
}

async function adminToken(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: server.adminPassword }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`server wants credentials, but POST /token answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/**
 * Headers for a client of the given role when the server asks for credentials, else none.
 * As DESIGN and the test helpers do it: the bootstrap admin (password from RUNLEDGER_ADMIN_PASSWORD,
 * which startBenchServer sets) logs in at POST /token and creates an API key of the role, since an
 * API key is what a pipeline lodging runs would hold.
 */
export async function clientHeaders(server: BenchServer, role: 'reader' | 'writer'): Promise<Record<string, string>> {
  const probe = await fetch(`${server.url}/registry/persons?max_results=1`);
  await probe.arrayBuffer();
  if (probe.status !== 401) return {};
  const admin = { authorization: `Bearer ${await adminToken(server)}` };
  const reply = await requestJson(server, 'POST', '/api-keys', { name: `bench ${role}`, role }, admin);
  expectStatus(reply, 201, `creating a ${role} API key`);
  return { 'x-api-key': reply.body.key as string };
}

/** Throws with the reply in the message unless the status is the expected one. */
export function expectStatus(reply: JsonReply, status: number, what: string): void {
  if (reply.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 500)}`);
  }
}
