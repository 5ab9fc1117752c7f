// No server path reaches an API user: compiled SQL names files as the model's SQL does, and DuckDB's
// errors name them relative to the project's files folder, while execution still reads the real file.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  const files = path.join(server.config.dataDir, 'files', 'paths');
  await fs.mkdir(path.join(files, 'in'), { recursive: true });
  await fs.writeFile(path.join(files, 'in', 'orders.csv'), 'id,amount\n1,10\n2,5\n');
});
after(() => server.close());

async function model(name: string, sql: string, project = 'paths') {
  const res = await server.request('POST', '/models', { project_name: project, name, sql, materialization: 'TABLE' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}
async function run(project: string) {
  const res = await server.request('POST', '/model-runs', { project_name: project });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const done = await waitFor(async () => {
    const r = await server.request('GET', `/model-runs/${res.body.id}`);
    return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.body.status) ? r.body : undefined;
  }, 'the run to finish');
  const steps = (await server.request('GET', `/model-runs/${res.body.id}/steps`)).body.data;
  return { done, steps };
}

describe('paths in compiled SQL and errors', () => {
  it('shows compiled SQL with files as written, and still reads them', async () => {
    await model('orders', "SELECT * FROM read_csv('in/orders.csv')");
    const { done, steps } = await run('paths');
    assert.equal(done.status, 'SUCCESS', done.error_message);
    assert.equal(steps[0].rows_affected, 2);
    assert.match(steps[0].compiled_sql, /read_csv\('in\/orders\.csv'\)/);
    assert.ok(!steps[0].compiled_sql.includes(server.config.dataDir), steps[0].compiled_sql);
  });

  it('names a missing file relative to the files folder in step, test and run errors', async () => {
    await model('missing', "SELECT * FROM read_csv('in/nope.csv')", 'paths2');
    await model('ok', 'SELECT 1 AS x', 'paths3');
    const test = await server.request('POST', '/models/paths3/ok/tests', {
      name: 'reads a missing file',
      test_type: 'custom_sql',
      config: { custom_sql: "SELECT * FROM read_csv('gone/x.csv')" },
    });
    assert.equal(test.status, 201, JSON.stringify(test.body));

    const failed = await run('paths2');
    assert.equal(failed.done.status, 'FAILED');
    const message = failed.steps[0].error_message as string;
    assert.match(message, /in\/nope\.csv/);
    for (const text of [message, failed.done.error_message, JSON.stringify(failed.steps)]) {
      assert.ok(!text.includes(server.config.dataDir), `no data dir in: ${text}`);
    }

    const tested = await run('paths3');
    const results = (await server.request('GET', `/model-runs/${tested.done.id}/steps/${tested.steps[0].id}/test-results`)).body.data;
    assert.equal(results[0].status, 'ERROR');
    assert.match(results[0].error_message, /gone\/x\.csv/);
    assert.ok(!results[0].error_message.includes(server.config.dataDir), results[0].error_message);
  });

  it('names a path that climbs out of the files folder as written, and refuses it', async () => {
    await fs.writeFile(path.join(server.config.dataDir, 'secret.csv'), 'a\n1\n');
    await model('escape', "SELECT * FROM read_csv('../../secret.csv')", 'paths4');
    const { done, steps } = await run('paths4');
    assert.equal(done.status, 'FAILED');
    assert.match(steps[0].error_message, /Permission Error|disabled by configuration/);
    assert.ok(!steps[0].error_message.includes(server.config.dataDir), steps[0].error_message);
  });
});
