// Models made and run over HTTP, for tests that need a project's tables built.
import assert from 'node:assert/strict';
import type { TestServer } from './server.js';
import { waitFor } from './wait.js';

export async function createModels(server: TestServer, project: string, models: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(models)) {
    const res = await server.request('POST', '/models', { project_name: project, name, sql, materialization: 'TABLE' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
}

/** Triggers a run of the whole project and waits for it to succeed; answers its steps. */
export async function runProject(server: TestServer, project: string): Promise<{ model_name: string; finished_at: string; rows_affected: number | null }[]> {
  const run = await server.request('POST', '/model-runs', { project_name: project });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  const done = await waitFor(async () => {
    const r = await server.request('GET', `/model-runs/${run.body.id}`);
    return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.body.status) ? r.body : undefined;
  }, `the run of ${project} to end`);
  assert.equal(done.status, 'SUCCESS', done.error_message);
  return (await server.request('GET', `/model-runs/${run.body.id}/steps`)).body.data;
}
