// npm run bench:ui — the web UI in headless Chromium against a real server (DESIGN: the lineage view of 2,000
// nodes interactive ≤ 1.5 s).
//   (a) navigation → the lineage view of a 2,000-node graph laid out, drawn, and a click on a node selecting
//       it; against its floor: the API call alone, and the ELK layout alone (in Node, same input and options).
//   (b) navigation → the first row of the runs list at 100k runs; against its floor: GET /model-runs?max_results=50.
// Env: BENCH_UI_SAMPLES (7), BENCH_UI_RUNS (100,000), DATABASE_URL (PostgreSQL when reachable, else embedded).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import elkModule from 'elkjs/lib/elk.bundled.js';
import type { Browser, Page } from 'playwright-core';
import { QUICK_LAYOUT_ABOVE, toElk } from '../ui/src/graph/elk-graph.js';
import { quickLayout } from '../ui/src/graph/quick-layout.js';
import { mergeAnswers } from '../ui/src/graph/merge.js';
import { launchBrowser, signIn } from '../test/helpers/browser.js';
import { clientHeaders, expectStatus, requestJson } from './lib/http.js';
import { envInt, fmt, loadAverageNote, summarise } from './lib/stats.js';
import { prng } from './lib/graph.js';
import { seedRuns } from './lib/runs-seed.js';
import { postgresUnreachable, postgresUrl, startBenchServer, type BenchServer } from './lib/stores.js';

const SAMPLES = envInt('BENCH_UI_SAMPLES', 7);
const RUNS = envInt('BENCH_UI_RUNS', 100_000);
const TARGET_MS = 1500;
// Layers of the lineage graph upstream of its start, alternating datasets and runs; with 8 agents, 2,000 nodes.
const LAYERS = [1, 2, 6, 12, 30, 60, 130, 250, 400, 500, 601];
const AGENTS = 8;

interface Row {
  id: string;
  item_category: string;
  item_subtype: string;
  display_name: string;
}

/** Each node of layer k+1 is a cause of one or two nodes of layer k; runs also name a person or organisation. */
function lineageGraph(): { start: string; nodes: Row[]; edges: { source: string; target: string; relation: string }[] } {
  const random = prng(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const nodes: Row[] = [];
  const edges: { source: string; target: string; relation: string }[] = [];
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    id: `bench-agent-${i}`,
    item_category: 'AGENT',
    item_subtype: i < 6 ? 'PERSON' : 'ORGANISATION',
    display_name: i < 6 ? `Modeller ${i}` : `Organisation ${i}`,
  }));
  const layers: Row[][] = LAYERS.map((size, k) =>
    Array.from({ length: size }, (_, i) =>
      k % 2 === 0
        ? { id: `bench-d-${k}-${i}`, item_category: 'ENTITY', item_subtype: 'DATASET', display_name: `Dataset ${k}.${i}` }
        : { id: `bench-r-${k}-${i}`, item_category: 'ACTIVITY', item_subtype: 'MODEL_RUN', display_name: `Run ${k}.${i}` },
    ),
  );
  layers.forEach((layer, k) => {
    nodes.push(...layer);
    if (k === 0) return;
    for (const cause of layer) {
      const relation = k % 2 === 1 ? 'wasGeneratedBy' : 'used';
      const effects = new Set([pick(layers[k - 1]!).id, ...(random() < 0.5 ? [pick(layers[k - 1]!).id] : [])]);
      for (const effect of effects) edges.push({ source: effect, target: cause.id, relation });
      if (k % 2 === 1) edges.push({ source: cause.id, target: pick(agents).id, relation: 'wasAssociatedWith' });
    }
  });
  nodes.push(...agents);
  return { start: layers[0]![0]!.id, nodes, edges };
}

async function seedLineage(server: BenchServer, graph: ReturnType<typeof lineageGraph>): Promise<void> {
  for (let i = 0; i < graph.nodes.length; i += 500) await server.ctx.db.insertInto('lineage_nodes').values(graph.nodes.slice(i, i + 500)).execute();
  for (let i = 0; i < graph.edges.length; i += 500) await server.ctx.db.insertInto('lineage_edges').values(graph.edges.slice(i, i + 500)).execute();
}

async function signedInPage(browser: Browser, server: BenchServer): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: server.url });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto('/lineage');
  await signIn(page, 'admin', server.adminPassword);
  return page;
}

interface LineageSample {
  interactiveMs: number;
  readyMs: number;
  layoutMs: number;
  engine: string;
  apiMs: number;
  drawn: number;
}

/** Navigation → layout done and nodes drawn → a click on the start node shows it selected. */
async function timeLineage(page: Page, url: string, start: string): Promise<LineageSample> {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('.lineage-graph[data-layout="ready"] .gn[data-node-id]').first().waitFor();
  const readyMs = performance.now() - t0;
  await page.locator(`.gn[data-node-id="${start}"]`).click();
  await page.locator(`.gn[data-node-id="${start}"][data-highlight="selected"]`).waitFor();
  const interactiveMs = performance.now() - t0;
  const detail = (await page.evaluate(`(() => ({
    layoutMs: Number(document.querySelector('.lineage-graph').getAttribute('data-layout-ms')),
    engine: document.querySelector('.lineage-graph').getAttribute('data-layout-engine'),
    apiMs: performance.getEntriesByType('resource').filter((e) => e.name.includes('/explore/')).map((e) => e.duration)[0] ?? NaN,
    drawn: document.querySelectorAll('.react-flow__node').length,
  }))()`)) as Omit<LineageSample, 'interactiveMs' | 'readyMs'>;
  return { interactiveMs, readyMs, ...detail };
}

async function timeRunsList(page: Page): Promise<number | string> {
  const t0 = performance.now();
  await page.goto('/runs', { waitUntil: 'commit' });
  try {
    await page.locator('table tbody tr').first().waitFor({ timeout: 10_000 });
  } catch {
    return 'no table row within 10 s: this build’s /runs page shows no runs table';
  }
  return performance.now() - t0;
}

async function timeApi(server: BenchServer, url: string, headers: Record<string, string>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES + 1; i++) {
    const t0 = performance.now();
    const reply = await requestJson(server, 'GET', url, undefined, headers);
    expectStatus(reply, 200, url);
    if (i > 0) ms.push(performance.now() - t0);
  }
  return ms;
}

type Answer = Parameters<typeof mergeAnswers>[0][number];

/** The layout alone, in Node, on the graph the page draws: ELK (as below the quick-layout size) and the quick one. */
async function layoutFloors(answer: Answer): Promise<{ elk: number[]; quick: number[] }> {
  const { nodes, edges } = mergeAnswers([answer]);
  const elk = new elkModule.default();
  const floors = { elk: [] as number[], quick: [] as number[] };
  for (let i = 0; i < SAMPLES + 1; i++) {
    let t0 = performance.now();
    quickLayout(nodes, edges);
    if (i > 0) floors.quick.push(performance.now() - t0);
    t0 = performance.now();
    await elk.layout(toElk(nodes, edges));
    if (i > 0) floors.elk.push(performance.now() - t0);
  }
  return floors;
}

const median = (xs: number[]) => summarise(xs).p50;
const range = (xs: number[]) => `${fmt(median(xs), 0)} ms (min ${fmt(Math.min(...xs), 0)}, max ${fmt(Math.max(...xs), 0)})`;

async function main(): Promise<void> {
  const loadBefore = await loadAverageNote();
  console.log('building the UI (npm run build:ui)…');
  execFileSync('npm', ['run', 'build:ui'], { stdio: 'inherit' });
  const kind = (await postgresUnreachable(postgresUrl())) ? 'embedded' : 'postgres';
  const server = await startBenchServer(kind);
  const browser = await launchBrowser();
  try {
    const graph = lineageGraph();
    await seedLineage(server, graph);
    const started = performance.now();
    await seedRuns(server.ctx.db, RUNS);
    const seedSeconds = (performance.now() - started) / 1000;
    const headers = await clientHeaders(server, 'reader');

    const apiUrl = `/explore/upstream?starting_id=${graph.start}&depth=10`;
    const answer = await requestJson(server, 'GET', apiUrl, undefined, headers);
    expectStatus(answer, 200, apiUrl);
    const body = answer.body as Answer;
    if (body.record_count !== graph.nodes.length || body.truncated) {
      throw new Error(`the walk answered ${body.record_count} nodes (truncated: ${body.truncated}), not ${graph.nodes.length}`);
    }

    const page = await signedInPage(browser, server);
    const url = `/lineage?start=${graph.start}&depth=10&direction=upstream`;
    await timeLineage(page, url, graph.start); // warm-up: caches and JIT, discarded
    const samples: LineageSample[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await timeLineage(page, url, graph.start));
    // What was measured, to look at: the view as it opens, and the whole graph fitted.
    await page.screenshot({ path: 'test-output/screenshots/bench-lineage-2000.png' });
    await page.getByRole('button', { name: /fit view/i }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-output/screenshots/bench-lineage-2000-fitted.png' });

    await timeRunsList(page); // warm-up
    const runsPage: (number | string)[] = [];
    for (let i = 0; i < SAMPLES; i++) runsPage.push(await timeRunsList(page));
    const apiFloor = await timeApi(server, apiUrl, headers);
    const runsFloor = await timeApi(server, '/model-runs?max_results=50', headers);
    const floors = await layoutFloors(body);

    const interactive = samples.map((s) => s.interactiveMs);
    const cpu = os.cpus();
    console.log(`
bench:ui — ${new Date().toISOString()}
machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB; Node ${process.version}; Chromium ${browser.version()} headless; store ${kind}
command: npm run bench:ui (BENCH_UI_SAMPLES=${SAMPLES}, BENCH_UI_RUNS=${RUNS}); ${loadBefore} at start, ${await loadAverageNote()} at end
each figure: median of ${SAMPLES} runs after one warm-up; viewport 1440x900

(a) lineage view of ${body.record_count} nodes, ${body.graph.links.length} links (GET ${apiUrl.replace(graph.start, '<start>')})
| measure | median (min, max) |
|---|---|
| navigation → nodes laid out and drawn | ${range(samples.map((s) => s.readyMs))} |
| navigation → interactive (a click on a node selects it) | ${range(interactive)} |
|   of which the API call, in the page | ${range(samples.map((s) => s.apiMs))} |
|   of which the layout in the worker (${samples[0]!.engine}) | ${range(samples.map((s) => s.layoutMs))} |
| floor: the API call alone (Node fetch, JSON parsed) | ${range(apiFloor)} |
| floor: ELK layout alone (Node, same input and options) | ${range(floors.elk)} |
| floor: quick layout alone (Node; what the page runs above ${QUICK_LAYOUT_ABOVE} nodes) | ${range(floors.quick)} |
nodes in the DOM once drawn: ${median(samples.map((s) => s.drawn))} of ${body.record_count} (only the visible ones are drawn)
DESIGN target ≤ ${TARGET_MS} ms interactive: ${median(interactive) <= TARGET_MS ? 'met' : 'NOT met'} (median ${fmt(median(interactive), 0)} ms)

(b) runs list at ${RUNS} runs (seeded in ${fmt(seedSeconds)} s)
| measure | median (min, max) |
|---|---|
| navigation → first table row visible on /runs | ${runsPage.every((r) => typeof r === 'number') ? range(runsPage as number[]) : String(runsPage.find((r) => typeof r === 'string'))} |
| floor: GET /model-runs?max_results=50 alone | ${range(runsFloor)} |
`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
