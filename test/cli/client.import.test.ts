// `runledger import`: CSV and JSON Lines through POST /model-runs/batch, refused rows reported, and an import
// cut short (a kill while a batch commits, a Ctrl-C) run again without any row lodged twice.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { clientCli, type ClientCli } from '../helpers/client-cli.js';
import { buildProvenaWorld, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Holds the lodging transaction of batch number `at` (counted from 1) until released. */
let holdAt = 0;
let lodges = 0;
let reached: (() => void) | undefined;
let release: Promise<void> = Promise.resolve();

let server: TestServer;
let cli: ClientCli;
let world: ProvenaWorld;

before(async () => {
  server = await startTestServer({
    racepoints: {
      afterRunInsert: async () => {
        if (++lodges === holdAt) {
          reached?.();
          await release;
        }
      },
    },
  });
  cli = await clientCli(server);
  world = await buildProvenaWorld(server, 'import');
});
after(async () => {
  await cli.close();
  await server.close();
});

/** Registered runs by display name: every name must be there once. */
async function runsNamed(prefix: string): Promise<Map<string, number>> {
  const rows = await sql<{ display_name: string; n: string }>`
    SELECT display_name, count(*) AS n FROM runs WHERE kind = 'registered' AND display_name LIKE ${`${prefix}%`} GROUP BY display_name`.execute(server.ctx.db);
  return new Map(rows.rows.map((r) => [r.display_name, Number(r.n)]));
}

const readReport = async (file: string) => (await fs.readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));

async function writeJsonl(name: string, lines: string[]): Promise<string> {
  const file = path.join(cli.dir, name);
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('runledger import', () => {
  it('lodges a JSON Lines file and reports each refused row with its line and reason', async () => {
    const good = (n: number) => JSON.stringify(world.record({ display_name: `jsonl ${n}` }));
    const file = await writeJsonl('runs.jsonl', [
      good(0),
      good(1),
      '',
      '{"display_name": ',
      JSON.stringify(world.record({ display_name: 'jsonl late', start_time: 20, end_time: 10 })),
      JSON.stringify({ ...world.record({ display_name: 'jsonl nameless' }), display_name: undefined }),
      good(2),
    ]);
    const res = await cli.run(['import', file, '--batch-size', '2']);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stdout, /^imported 6 rows of .*runs\.jsonl in [\d.]+ s \(\d+ rec\/s\): 3 lodged, 0 already lodged, 3 refused\n$/);
    assert.match(res.stderr, /runledger: 3 rows refused; each is in .*runs\.jsonl\.rejected\.jsonl with its line and reason\n$/);
    assert.deepEqual([...(await runsNamed('jsonl ')).entries()].sort(), [['jsonl 0', 1], ['jsonl 1', 1], ['jsonl 2', 1]]);

    const report = await readReport(`${file}.rejected.jsonl`);
    assert.deepEqual(report.map((r) => r.line), [4, 5, 6]);
    assert.match(report[0].reason, /not JSON/);
    assert.equal(report[1].error_code, 'RL_RECORD_INVALID');
    assert.match(report[1].reason, /start_time \(20\) is after end_time \(10\)/);
    assert.equal(report[1].record.display_name, 'jsonl late');
    assert.equal(report[2].field, 'display_name');

    // Run again: nothing is sent. With --restart every row is sent, and each lodged one is answered, not lodged twice.
    const again = await cli.run(['import', file]);
    assert.match(again.stdout, /was imported into this server before \(3 lodged, 0 already lodged, 3 refused\); nothing sent/);
    const restart = await cli.run(['import', file, '--restart', '--json']);
    const summary = JSON.parse(restart.stdout);
    assert.deepEqual([summary.rows, summary.lodged, summary.existing, summary.refused], [6, 0, 3, 3]);
    assert.equal((await readReport(`${file}.rejected.jsonl`)).length, 3, 'the report is written afresh, not appended to');
    assert.deepEqual([...(await runsNamed('jsonl ')).values()], [1, 1, 1]);
  });

  it('lodges a CSV of one column per field, and one of whole records, lines counted across quoted line breaks', async () => {
    const r = world.record();
    const header = 'workflow_template_id,display_name,description,inputs,outputs,associations.modeller_id,study_id,annotations.region,start_time,end_time';
    const row = (name: string, start: string, description = 'bulk') =>
      [r.workflow_template_id, name, `"${description}"`, `"${JSON.stringify(r.inputs).replaceAll('"', '""')}"`, `"${JSON.stringify(r.outputs).replaceAll('"', '""')}"`,
        r.associations.modeller_id, r.study_id, 'murray', start, '2024-01-01T01:00:00+00:00'].join(',');
    const file = path.join(cli.dir, 'runs.csv');
    await fs.writeFile(file, [header, row('csv 0', '1704067200', 'two\nlines'), row('csv 1', 'yesterday'), row('csv 2', '2024-01-01T10:00:00+10:00'), ''].join('\n'));
    const res = await cli.run(['import', file, '--json']);
    assert.equal(res.code, 1, res.stderr);
    const summary = JSON.parse(res.stdout);
    assert.deepEqual([summary.lodged, summary.refused], [2, 1]);
    const [refused] = await readReport(`${file}.rejected.jsonl`);
    assert.deepEqual([refused.line, refused.field], [4, 'start_time']);

    const runs = (await server.request('GET', '/model-runs?q=csv&kind=registered')).body.data;
    const lodged = (await server.request('GET', `/registry/model-runs/${runs.find((x: { display_name: string }) => x.display_name === 'csv 2').id}`)).body.record;
    assert.equal(lodged.start_time, 1704067200);
    assert.deepEqual(lodged.annotations, { region: 'murray' });
    assert.deepEqual(lodged.associations, { modeller_id: r.associations.modeller_id });

    const whole = path.join(cli.dir, 'whole.csv');
    const quoted = (v: unknown) => `"${JSON.stringify(v).replaceAll('"', '""')}"`;
    await fs.writeFile(whole, `note,record\nfirst,${quoted(world.record({ display_name: 'whole 0' }))}\nsecond,${quoted(world.record({ display_name: 'whole 1' }))}\n`);
    const res2 = await cli.run(['import', whole]);
    assert.equal(res2.code, 0, res2.stderr);
    assert.deepEqual([...(await runsNamed('whole ')).keys()].sort(), ['whole 0', 'whole 1']);
  });

  it('stops before sending anything when a CSV column is no field of a record', async () => {
    const file = path.join(cli.dir, 'odd.csv');
    await fs.writeFile(file, 'display_name,colour\nodd,blue\n');
    const res = await cli.run(['import', file]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^runledger: the CSV has columns that are no field of a record: "colour"/);
    assert.equal((await runsNamed('odd')).size, 0);
  });

  it('goes on after a kill while a batch was committing: that batch is answered, not lodged twice', async () => {
    const file = await writeJsonl('killed.jsonl', Array.from({ length: 60 }, (_, n) => JSON.stringify(world.record({ display_name: `killed ${n}` }))));
    // Batches of 10, one at a time: three are answered and checkpointed, the fourth is held inside its transaction.
    lodges = 0;
    holdAt = 4;
    let letGo!: () => void;
    release = new Promise((resolve) => (letGo = resolve));
    const held = new Promise<void>((resolve) => (reached = resolve));
    const first = cli.start(['import', file, '--batch-size', '10', '--concurrency', '1']);
    await held;
    first.child.kill('SIGKILL');
    await first.exited;
    // The held batch commits after its client is gone: its answer is lost, its checkpoint never written.
    letGo();
    await new Promise((resolve) => setTimeout(resolve, 0));
    holdAt = 0;

    const rerun = await cli.run(['import', file, '--batch-size', '10', '--json']);
    assert.equal(rerun.code, 0, rerun.stderr);
    const summary = JSON.parse(rerun.stdout);
    assert.equal(summary.resumed_after, 30);
    assert.equal(summary.rows, 60);
    assert.equal(summary.existing, 10, 'the batch that committed unanswered');
    assert.equal(summary.lodged, 60 - 10);
    const named = await runsNamed('killed ');
    assert.equal(named.size, 60);
    assert.deepEqual(new Set(named.values()), new Set([1]), 'no row lodged twice');
  });

  it('stops at Ctrl-C once the batches in flight are answered, and goes on from there', async () => {
    const file = await writeJsonl('stopped.jsonl', Array.from({ length: 40 }, (_, n) => JSON.stringify(world.record({ display_name: `stopped ${n}` }))));
    lodges = 0;
    holdAt = 2;
    let letGo!: () => void;
    release = new Promise((resolve) => (letGo = resolve));
    const held = new Promise<void>((resolve) => (reached = resolve));
    const first = cli.start(['import', file, '--batch-size', '10', '--concurrency', '1']);
    await held;
    first.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    letGo();
    assert.equal(await first.exited, 130, first.stderr());
    assert.match(first.stdout(), /^interrupted after 20 rows/);
    holdAt = 0;

    const rerun = await cli.run(['import', file, '--batch-size', '10', '--json']);
    const summary = JSON.parse(rerun.stdout);
    assert.deepEqual([summary.resumed_after, summary.rows, summary.lodged, summary.existing], [20, 40, 40, 0]);
    assert.equal((await runsNamed('stopped ')).size, 40);
  });
});
