// provenaclient's side of the job API: its bearer headers, and await_successful_job_completion's polling.
import assert from 'node:assert/strict';
import { assertProvenaShape } from './provena-schemas.js';
import type { Caller, TestServer } from './server.js';

/** The client sends every credential as `Authorization: Bearer` (an API key is accepted there too). */
export function bearer(server: TestServer, caller: Exclude<Caller, 'anonymous'>): Record<string, string> {
  const headers = server.credentials[caller];
  return headers.authorization ? { authorization: headers.authorization } : { authorization: `Bearer ${headers['x-api-key']}` };
}

export async function call(server: TestServer, caller: Exclude<Caller, 'anonymous'>, method: string, url: string, body?: unknown) {
  return server.request(method, url, body, bearer(server, caller));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The client's await_job_completion: poll fetch while it answers 400 (not there yet), then until the job
 * leaves PENDING, then until it is SUCCEEDED or FAILED. Any other error status fails the wait.
 */
export async function awaitJob(server: TestServer, caller: Exclude<Caller, 'anonymous'>, sessionId: string, deadlineMs = 60_000) {
  const until = Date.now() + deadlineMs;
  let phase: 'entry' | 'pending' | 'terminal' = 'entry';
  for (;;) {
    assert.ok(Date.now() < until, `job ${sessionId} did not end in time (phase ${phase})`);
    const res = await call(server, caller, 'GET', `/provena/jobs/jobs/user/fetch?session_id=${sessionId}`);
    if (res.status === 400 && phase === 'entry') {
      await sleep(50);
      continue;
    }
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertProvenaShape(res.body, 'async-job-api', 'GetJobResponse');
    const job = res.body.job;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    phase = job.status === 'PENDING' ? 'pending' : 'terminal';
    await sleep(50);
  }
}

/** await_successful_job_completion: the job must succeed with a result. */
export async function awaitSuccess(server: TestServer, caller: Exclude<Caller, 'anonymous'>, sessionId: string) {
  const job = await awaitJob(server, caller, sessionId);
  assert.equal(job.status, 'SUCCEEDED', `job failed: ${job.info}`);
  assert.ok(job.result, 'a succeeded job has a result');
  return job;
}
