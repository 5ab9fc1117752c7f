// `runledger runs list|get|watch|trigger|cancel` against a real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clientCli, type ClientCli } from '../helpers/client-cli.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let cli: ClientCli;
let world: ProvenaWorld;
const registered: string[] = [];

async function model(project: string, name: string, sql: string): Promise<void> {
  const res = await server.request('POST', '/models', { project_name: project, name, sql, materialization: 'TABLE' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

before(async () => {
  server = await startTestServer();
  cli = await clientCli(server);
  world = await buildProvenaWorld(server, 'runs');
  for (const name of ['alpha one', 'alpha two', 'beta']) {
    const res = await server.request('POST', '/model_run/register_complete', world.record({ display_name: name }));
    registered.push(res.body.record_info.id);
  }
  await model('shop', 'nums', 'SELECT i AS n FROM range(10) t(i)');
  await model('shop', 'total', "SELECT sum(n) AS s, {{ var('k', 1) }} AS k FROM nums");
  await model('broken', 'boom', "SELECT error('boom') AS x");
  await model('slow', 'spin', 'SELECT sum(i) AS n FROM range(50000000000) t(i)');
});
after(async () => {
  await cli.close();
  await server.close();
});

describe('runledger runs', () => {
  it('lists runs as an aligned table, newest first, and as the API’s JSON', async () => {
    const table = await cli.run(['runs', 'list']);
    assert.equal(table.code, 0, table.stderr);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    assert.match(header!, /^ID\s+KIND\s+STATUS\s+NAME\s+PROJECT\s+CREATED\s+DURATION$/);
    assert.deepEqual(rows.map((r) => r.split(/\s+/)[0]), [...registered].reverse());
    const nameColumn = header!.indexOf('NAME');
    assert.ok(rows.every((r) => r.slice(nameColumn).startsWith('alpha') || r.slice(nameColumn).startsWith('beta')), 'columns line up');

    const json = await cli.run(['runs', 'list', '--json']);
    const api = await server.request('GET', '/model-runs?max_results=20');
    assert.deepEqual(JSON.parse(json.stdout), api.body);
  });

  it('passes the API’s filters and pages on', async () => {
    const named = JSON.parse((await cli.run(['runs', 'list', '--json', '-q', 'alpha', '--kind', 'registered', '--status', 'SUCCESS'])).stdout);
    assert.deepEqual(named.data.map((r: { id: string }) => r.id), [registered[1], registered[0]]);
    const none = JSON.parse((await cli.run(['runs', 'list', '--json', '--kind', 'triggered', '--project', 'nowhere'])).stdout);
    assert.deepEqual(none.data, []);

    const first = await cli.run(['runs', 'list', '--limit', '1']);
    const token = /more: --page-token (\S+)/.exec(first.stderr)?.[1];
    assert.ok(token, first.stderr);
    const next = JSON.parse((await cli.run(['runs', 'list', '--json', '--limit', '1', '--page-token', token])).stdout);
    assert.deepEqual(next.data.map((r: { id: string }) => r.id), [registered[1]]);
  });

  it('shows one run, as fields or as JSON, and names an unknown one', async () => {
    const shown = await cli.run(['runs', 'get', registered[0]!]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^id:\\s+${registered[0]}$`, 'm'));
    assert.match(shown.stdout, /^status:\s+SUCCESS$/m);
    assert.match(shown.stdout, /^name:\s+alpha one$/m);
    const json = await cli.run(['runs', 'get', registered[0]!, '--json']);
    assert.deepEqual(JSON.parse(json.stdout), (await server.request('GET', `/model-runs/${registered[0]}`)).body);

    const unknown = await cli.run(['runs', 'get', '0190b1a2-0000-7000-8000-000000000000']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'runledger: no run with id "0190b1a2-0000-7000-8000-000000000000"\n');
  });

  it('triggers a run with vars and a selector, and watches it to SUCCESS', async () => {
    const trigger = await cli.run(['runs', 'trigger', 'shop', '--var', 'k=5', '--var', 'label=x', '--select', '+total']);
    assert.equal(trigger.code, 0, trigger.stderr);
    const id = trigger.stdout.trim();
    const run = (await server.request('GET', `/model-runs/${id}`)).body;
    assert.deepEqual(run.vars, { k: 5, label: 'x' });
    assert.deepEqual(run.model_names, ['+total']);

    const watch = await cli.run(['runs', 'watch', id]);
    assert.equal(watch.code, 0, watch.stderr);
    assert.equal(watch.stdout, `${id}  SUCCESS\n`);
    const steps = await server.request('GET', `/model-runs/${id}/steps`);
    assert.deepEqual(steps.body.data.map((s: { status: string }) => s.status), ['SUCCESS', 'SUCCESS']);
    const shown = await cli.run(['runs', 'get', id]);
    assert.match(shown.stdout, /^shop\.total\s+SUCCESS\s+1/m);
  });

  it('ends a watch on a failed run with status 1 and its error', async () => {
    const res = await cli.run(['runs', 'trigger', 'broken', '--watch']);
    assert.equal(res.code, 1);
    assert.match(res.stdout, /^\S+ {2}FAILED {2}.*boom/);
  });

  it('cancels a running run, and a watch of it ends with status 1', async () => {
    const id = (await cli.run(['runs', 'trigger', 'slow'])).stdout.trim();
    const watch = cli.start(['runs', 'watch', id]);
    await waitFor(async () => ((await server.request('GET', `/model-runs/${id}`)).body.status === 'RUNNING' ? true : undefined), 'the slow run to start');
    const cancel = await cli.run(['runs', 'cancel', id]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.equal(cancel.stdout, `${id}  CANCELLED\n`);
    assert.equal(await watch.exited, 1);
    assert.match(watch.stdout(), new RegExp(`^${id} {2}CANCELLED`));

    const again = await cli.run(['runs', 'cancel', id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^runledger: .*(finished|CANCELLED)/);
  });
});
