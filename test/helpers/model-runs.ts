// Models, runs and the warehouse they build, driven as a client does: models and triggers over HTTP, runs
// awaited until they end, and what a run built read straight from the project's DuckDB file once it has.
// createModels and runProject serve tests that only need a project's tables built.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { TestServer } from './server.js';
import { waitFor } from './wait.js';

export type Json = Record<string, any>;

export function modelRuns(server: TestServer) {
  const api = {
    async model(project: string, name: string, sql: string, extra: Json = {}): Promise<Json> {
      const res = await server.request('POST', '/models', { project_name: project, name, sql, ...extra });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async trigger(body: Json): Promise<Json> {
      const res = await server.request('POST', '/model-runs', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async finished(runId: string): Promise<Json> {
      return waitFor(async () => {
        const res = await server.request('GET', `/model-runs/${runId}`);
        return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(res.body.status) ? res.body : undefined;
      }, `run ${runId} to finish`);
    },
    async steps(runId: string): Promise<Json[]> {
      return (await server.request('GET', `/model-runs/${runId}/steps`)).body.data;
    },
    /** Triggers a run and waits for its end: the run, and its steps by model name. */
    async run(body: Json): Promise<{ run: Json; steps: Record<string, Json> }> {
      const run = await api.finished((await api.trigger(body)).id);
      return { run, steps: Object.fromEntries((await api.steps(run.id)).map((s) => [s.model_name, s])) };
    },
    /** Rows of a query on the project's warehouse, read only; call it between runs (DuckDB has one writer). */
    async rows(project: string, sql: string): Promise<unknown[][]> {
      const instance = await DuckDBInstance.create(path.join(server.config.dataDir, 'warehouses', `${project}.duckdb`), { access_mode: 'READ_ONLY' });
      try {
        const connection = await instance.connect();
        const rows = (await connection.runAndReadAll(sql)).getRows();
        connection.closeSync();
        return rows.map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
      } finally {
        instance.closeSync();
      }
    },
    /** Uploads a file to the project's files folder, as a client does. */
    async writeFile(project: string, file: string, content: string): Promise<void> {
      const res = await server.request('PUT', `/v1/projects/${project}/files/${file}`, content, { 'content-type': 'text/plain' });
      assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
    },
  };
  return api;
}

export async function createModels(server: TestServer, project: string, models: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(models)) await modelRuns(server).model(project, name, sql, { materialization: 'TABLE' });
}

/** Triggers a run of the whole project and waits for it to succeed; answers its steps. */
export async function runProject(server: TestServer, project: string): Promise<{ model_name: string; finished_at: string; rows_affected: number | null }[]> {
  const api = modelRuns(server);
  const run = await api.finished((await api.trigger({ project_name: project })).id);
  assert.equal(run.status, 'SUCCESS', run.error_message);
  return api.steps(run.id) as Promise<{ model_name: string; finished_at: string; rows_affected: number | null }[]>;
}
