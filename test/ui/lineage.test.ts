// The lineage explorer in a real browser, on a graph lodged through the API: two runs in a chain
// (d0 → r1 → d1 → r2 → d2) with their registry items. What the page shows is checked against what the API
// answers and against the paths the graph implies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, browserSkip, launchBrowser, openSignedIn, screenshot } from '../helpers/browser.js';
import { dagGraph, type ModelDag } from '../../ui/src/graph/dag-graph.js';
import { adjacency, pathsOf } from '../../ui/src/graph/highlight.js';
import { HUB_DEGREE, layoutEdges } from '../../ui/src/graph/elk-graph.js';
import { quickLayout } from '../../ui/src/graph/quick-layout.js';
import { NODE_SIZE, type GraphEdge, type GraphNode } from '../../ui/src/graph/types.js';
import { buildProvenaWorld, create, type ProvenaWorld } from '../helpers/provena-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Answer {
  truncated: boolean;
  node_cap: number;
  graph: { nodes: { id: string; display_name: string }[]; links: { source: string; target: string; type: string }[] };
}

interface Chain {
  world: ProvenaWorld;
  d0: string;
  d1: string;
  d2: string;
  r1: string;
  r2: string;
  lonely: string;
}

async function lodgeChain(server: TestServer): Promise<Chain> {
  const world = await buildProvenaWorld(server, 'ui');
  const dataset = (name: string) => create(server, 'datasets', { display_name: name, description: name, publisher_id: world.organisation });
  const [d0, d1, d2, lonely] = [await dataset('Rainfall 2020'), await dataset('Runoff 2020'), await dataset('Flood map 2020'), await dataset('Unused dataset')];
  const lodge = async (input: string, output: string, name: string) => {
    const res = await server.request(
      'POST',
      '/model_run/register_complete',
      world.record({
        display_name: name,
        inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: input, dataset_type: 'DATA_STORE', resources: { config: 'c' } }],
        outputs: [{ dataset_template_id: world.outputTemplate, dataset_id: output, dataset_type: 'DATA_STORE' }],
      }),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.record_info.id as string;
  };
  const r1 = await lodge(d0, d1, 'Runoff model run');
  const r2 = await lodge(d1, d2, 'Flood model run');
  return { world, d0, d1, d2, r1, r2, lonely };
}

/** The graph the page should show: the union of the API's upstream and downstream answers. */
async function expected(server: TestServer, start: string, depth: number, direction: 'upstream' | 'downstream' | 'both' = 'both') {
  const walks = direction === 'both' ? (['upstream', 'downstream'] as const) : [direction];
  const answers: Answer[] = [];
  for (const w of walks) {
    const res = await server.request<Answer>('GET', `/explore/${w}?starting_id=${start}&depth=${depth}`);
    assert.equal(res.status, 200);
    answers.push(res.body);
  }
  const nodes = new Set(answers.flatMap((a) => a.graph.nodes.map((n) => n.id)));
  const links = new Map(answers.flatMap((a) => a.graph.links.map((l) => [`${l.source}|${l.target}|${l.type}`, l] as const)));
  return { nodes, links: [...links.values()], answers };
}

/** Upstream follows links effect → cause; downstream follows them back. Written apart from the UI's own. */
function closure(from: string, links: { source: string; target: string }[], way: 'up' | 'down'): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const l of links) {
      const [here, there] = way === 'up' ? [l.source, l.target] : [l.target, l.source];
      if (here === at && there !== from && !seen.has(there)) {
        seen.add(there);
        queue.push(there);
      }
    }
  }
  return seen;
}

const node = (page: Page, id: string) => page.locator(`.gn[data-node-id="${id}"]`);

async function graphReady(page: Page): Promise<void> {
  await page.locator('.lineage-graph[data-layout="ready"]').waitFor();
}

async function shownCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('node-count').innerText());
}

/** Every drawn node's highlight, by id. */
async function highlights(page: Page): Promise<Map<string, string>> {
  // A string, evaluated in the page: the test code has no DOM types.
  const pairs = (await page.evaluate(
    `[...document.querySelectorAll('.gn[data-node-id]')].map((e) => [e.getAttribute('data-node-id'), e.getAttribute('data-highlight')])`,
  )) as [string, string][];
  return new Map(pairs);
}

describe('UI lineage explorer', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  let chain: Chain;
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    chain = await lodgeChain(server);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('without a start, offers recent runs and datasets; a suggestion opens its lineage', async () => {
    const page = await openSignedIn(browser, server, '/lineage');
    await page.getByRole('heading', { name: 'Lineage', level: 1 }).waitFor();
    const runs = page.getByRole('region', { name: 'Recent runs' });
    await runs.getByRole('link', { name: 'Flood model run' }).waitFor();
    assert.equal(await runs.getByRole('link').count(), 2);
    await page.getByRole('region', { name: 'Datasets' }).getByRole('link', { name: 'Runoff 2020' }).waitFor();
    await assertAccessible(page, 'lineage start');
    await screenshot(page, 'lineage-start');

    await page.getByRole('region', { name: 'Datasets' }).getByRole('link', { name: 'Runoff 2020' }).click();
    await graphReady(page);
    assert.equal(new URL(page.url()).searchParams.get('start'), chain.d1);
    assert.equal(await page.getByLabel(/Start from/).inputValue(), chain.d1);
  });

  test('shows the API’s graph from a dataset; depth changes it; the legend explains the shapes', async () => {
    const page = await openSignedIn(browser, server, `/lineage?start=${chain.d1}`);
    await graphReady(page);
    const two = await expected(server, chain.d1, 2);
    assert.equal(await shownCount(page), two.nodes.size);
    assert.equal(Number(await page.getByTestId('edge-count').innerText()), two.links.length);
    // Every node is drawn, in its PROV shape.
    const drawn = await highlights(page);
    assert.deepEqual(new Set(drawn.keys()), two.nodes);
    assert.equal(await node(page, chain.r1).getAttribute('data-category'), 'ACTIVITY');
    assert.equal(await node(page, chain.d0).getAttribute('data-category'), 'ENTITY');
    assert.equal(await node(page, chain.world.person).getAttribute('data-category'), 'AGENT');
    assert.equal(await node(page, chain.d1).getAttribute('data-start'), 'true');
    assert.equal(await page.getByRole('group', { name: 'Activity model run: Runoff model run' }).count(), 1, 'nodes are named for assistive technology');

    const legend = page.getByRole('list', { name: 'Legend' });
    for (const text of ['Entity (oval)', 'Activity (rectangle)', 'Agent (house)', 'Arrows point from effect to cause']) {
      await legend.getByText(text, { exact: false }).waitFor();
    }
    await assertAccessible(page, 'lineage graph');
    await screenshot(page, 'lineage-graph');

    // A small graph names its relations; the choice is the reader's, and the URL keeps it.
    const names = page.getByLabel('Show relation names on edges');
    assert.equal(await names.isChecked(), true);
    assert.ok((await page.locator('text.ge-label').count()) > 0);
    await names.uncheck();
    await page.waitForURL((u) => u.searchParams.get('labels') === 'false');
    await page.locator('text.ge-label').first().waitFor({ state: 'detached' });

    await page.getByLabel('Depth').selectOption('1');
    await page.waitForURL((u) => u.searchParams.get('depth') === '1');
    await graphReady(page);
    const one = await expected(server, chain.d1, 1);
    assert.ok(one.nodes.size < two.nodes.size);
    await page.getByTestId('node-count').filter({ hasText: String(one.nodes.size) }).waitFor();
    assert.equal(await shownCount(page), one.nodes.size);
    assert.equal(await node(page, chain.d0).count(), 0, 'd0 is two links away');

    await page.getByLabel('Direction').selectOption('upstream');
    await page.waitForURL((u) => u.searchParams.get('direction') === 'upstream');
    await graphReady(page);
    const up = await expected(server, chain.d1, 1, 'upstream');
    await page.getByTestId('node-count').filter({ hasText: String(up.nodes.size) }).waitFor();
    assert.equal(await node(page, chain.r2).count(), 0, 'r2 is downstream');
    await screenshot(page, 'lineage-depth-1-upstream');
  });

  test('selecting a node highlights exactly its upstream and downstream paths and fills the side panel', async () => {
    const page = await openSignedIn(browser, server, `/lineage?start=${chain.d1}&depth=2`);
    await graphReady(page);
    await node(page, chain.r1).click();
    await page.waitForURL((u) => u.searchParams.get('selected') === chain.r1);
    await node(page, chain.r1).and(page.locator('[data-highlight="selected"]')).waitFor();

    const graph = await expected(server, chain.d1, 2);
    const up = closure(chain.r1, graph.links, 'up');
    const down = closure(chain.r1, graph.links, 'down');
    // What the chain implies, by hand: r1 used d0 and the model; d1 came from r1, r2 used d1, d2 came from r2.
    for (const id of [chain.d0, chain.world.model, chain.world.workflow, chain.world.person, chain.world.study]) assert.ok(up.has(id));
    assert.deepEqual(down, new Set([chain.d1, chain.r2, chain.d2]));
    const shown = await highlights(page);
    for (const [id, h] of shown) {
      const want = id === chain.r1 ? 'selected' : up.has(id) ? 'upstream' : down.has(id) ? 'downstream' : 'dimmed';
      assert.equal(h, want, `node ${id}`);
    }
    // The templates hang off d1 only: on neither of r1's paths.
    assert.equal(shown.get(chain.world.outputTemplate), 'dimmed');
    assert.equal(shown.get(chain.world.inputTemplate), 'dimmed');
    const pathEdges = await page.locator('.ge-path[data-highlight="path"]').count();
    const onPath = graph.links.filter((l) => l.source === chain.r1 || up.has(l.source) || l.target === chain.r1 || down.has(l.target)).length;
    assert.equal(pathEdges, onPath);

    const panel = page.getByRole('complementary', { name: 'Runoff model run' });
    await panel.getByText(chain.r1).waitFor();
    await panel.getByText('activity · model run').waitFor();
    await panel.getByText(`${up.size} upstream, ${down.size} downstream`).waitFor();
    assert.equal(await panel.getByRole('link', { name: 'Open the run' }).getAttribute('href'), `/runs/${chain.r1}`);
    assert.equal(await panel.getByRole('link', { name: 'Explore from here' }).getAttribute('href'), `/lineage?start=${chain.r1}`);
    await assertAccessible(page, 'lineage selection');
    await screenshot(page, 'lineage-selected');

    // A relation in the panel selects its other end; registry items link to the catalog.
    await panel.getByRole('button', { name: 'Rainfall 2020' }).click();
    const d0Panel = page.getByRole('complementary', { name: 'Rainfall 2020' });
    assert.equal(await d0Panel.getByRole('link', { name: 'Open in the catalog' }).getAttribute('href'), `/catalog/datasets/${chain.d0}`);
    await node(page, chain.world.person).click();
    const personPanel = page.getByRole('complementary', { name: 'Modeller ui' });
    assert.equal(await personPanel.getByRole('link', { name: 'Open in the catalog' }).getAttribute('href'), `/catalog/persons/${chain.world.person}`);

    // The keyboard selects too: Tab to a node, Enter.
    await page.locator(`.react-flow__node[data-id="${chain.d2}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('selected') === chain.d2);
    await node(page, chain.d2).and(page.locator('[data-highlight="selected"]')).waitFor();

    // The selection is in the URL: a reload shows it again.
    await page.reload();
    await graphReady(page);
    await page.getByRole('complementary', { name: 'Flood map 2020' }).waitFor();
    assert.equal(await node(page, chain.d2).getAttribute('data-highlight'), 'selected');

    await page.getByRole('complementary', { name: 'Flood map 2020' }).getByRole('link', { name: 'Explore from here' }).click();
    await page.waitForURL((u) => u.searchParams.get('start') === chain.d2);
    await graphReady(page);
    assert.equal(await shownCount(page), (await expected(server, chain.d2, 2)).nodes.size);
  });

  test('expanding a node merges its neighbours into the view, and the URL keeps it', async () => {
    const page = await openSignedIn(browser, server, `/lineage?start=${chain.d1}&depth=1&selected=${chain.r1}`);
    await graphReady(page);
    const before = await expected(server, chain.d1, 1);
    assert.equal(await shownCount(page), before.nodes.size);
    assert.equal(await node(page, chain.d0).count(), 0);

    await page.getByRole('button', { name: 'Expand neighbours' }).click();
    await page.waitForURL((u) => u.searchParams.get('expand') === chain.r1);
    const around = await expected(server, chain.r1, 1);
    const union = new Set([...before.nodes, ...around.nodes]);
    assert.ok(union.size > before.nodes.size);
    await page.getByTestId('node-count').filter({ hasText: String(union.size) }).waitFor();
    await graphReady(page);
    for (const id of [chain.d0, chain.world.model, chain.world.study]) await node(page, id).waitFor();
    assert.deepEqual(new Set((await highlights(page)).keys()), union);
    await page.getByRole('button', { name: 'Neighbours shown' }).waitFor();
    await screenshot(page, 'lineage-expanded');
  });

  test('an unknown id, a bad depth and an unlinked node are said plainly', async () => {
    const page = await openSignedIn(browser, server, '/lineage?start=no-such-node');
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /RL_NOT_FOUND.*no-such-node/s);
    await screenshot(page, 'lineage-unknown');

    // The server's 400 detail names the field; a depth out of range in the URL falls back to the default.
    // (Typed in the form: the server answers a document request carrying a NUL with no page at all.)
    await page.getByLabel(/Start from/).fill('a\u0000b');
    await page.getByRole('button', { name: 'Explore' }).click();
    await page.getByRole('alert').filter({ hasText: 'starting_id' }).waitFor();
    assert.match(await page.getByRole('alert').innerText(), /RL_\w+: .*starting_id/);

    await page.goto(`/lineage?start=${chain.lonely}&depth=99`);
    await page.getByText(/Nothing is linked to/).waitFor();
    assert.match(await page.getByRole('status').filter({ hasText: 'Nothing is linked' }).innerText(), /within depth 2/);
    await assertAccessible(page, 'lineage empty');
    await screenshot(page, 'lineage-empty');
  });
});

describe('UI lineage explorer at the node cap', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  let chain: Chain;
  before(async () => {
    server = await startTestServer({ env: { RUNLEDGER_LINEAGE_NODE_CAP: '5' } });
    browser = await launchBrowser();
    chain = await lodgeChain(server);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a truncated answer is said plainly, with the cap', async () => {
    const page = await openSignedIn(browser, server, `/lineage?start=${chain.d1}&direction=upstream`);
    await graphReady(page);
    const graph = await expected(server, chain.d1, 2, 'upstream');
    assert.equal(graph.answers[0]!.truncated, true);
    const notice = page.getByTestId('truncated');
    await notice.waitFor();
    assert.match(await notice.innerText(), /at most 5 nodes per query/);
    assert.equal(await shownCount(page), 5);
    await assertAccessible(page, 'lineage truncated');
    await screenshot(page, 'lineage-truncated');

    await page.getByLabel('Depth').selectOption('1');
    await page.waitForURL((u) => u.searchParams.get('depth') === '1');
    await graphReady(page);
    const one = await expected(server, chain.d1, 1, 'upstream');
    assert.equal(one.answers[0]!.truncated, false);
    await page.getByTestId('node-count').filter({ hasText: String(one.nodes.size) }).waitFor();
    assert.equal(await page.getByTestId('truncated').count(), 0);
  });
});

// ProjectDag draws what this turns the models DAG into; the models pages mount it (and test it in the browser).
describe('the project DAG as a graph', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  test('models and their sources become nodes, depends_on the edges, and paths run both ways', async () => {
    const model = async (name: string, sql: string) => {
      const res = await server.request('POST', '/v1/models', { project_name: 'shop', name, sql, materialization: 'VIEW' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await model('stg_orders', "SELECT * FROM {{ source('raw', 'orders') }}");
    await model('stg_customers', "SELECT * FROM {{ source('raw', 'customers') }}");
    await model('orders', "SELECT o.* FROM {{ ref('stg_orders') }} o JOIN {{ ref('stg_customers') }} c ON o.customer = c.id");
    await model('revenue', "SELECT sum(amount) AS total FROM {{ ref('orders') }}");
    const dag = await server.request<ModelDag>('GET', '/v1/models/dag?project_name=shop');
    assert.equal(dag.status, 200);
    const { nodes, edges } = dagGraph(dag.body);
    assert.deepEqual(
      nodes.map((n) => `${n.id} ${n.subtype} ${n.label}`).sort(),
      [
        'shop.orders VIEW_MODEL shop.orders',
        'shop.revenue VIEW_MODEL shop.revenue',
        'shop.stg_customers VIEW_MODEL shop.stg_customers',
        'shop.stg_orders VIEW_MODEL shop.stg_orders',
        'source:raw.customers SOURCE raw.customers',
        'source:raw.orders SOURCE raw.orders',
      ],
    );
    assert.ok(nodes.every((n) => n.category === 'ENTITY'));
    assert.deepEqual(
      edges.map((e) => `${e.source} -> ${e.target}`).sort(),
      ['shop.orders -> shop.stg_customers', 'shop.orders -> shop.stg_orders', 'shop.revenue -> shop.orders', 'shop.stg_customers -> source:raw.customers', 'shop.stg_orders -> source:raw.orders'],
    );
    const paths = pathsOf('shop.stg_orders', adjacency(edges));
    assert.deepEqual(paths.upstream, new Set(['source:raw.orders']));
    assert.deepEqual(paths.downstream, new Set(['shop.orders', 'shop.revenue']));
  });
});

// Above 1,000 nodes the page lays out with the quick layered layout instead of ELK (too slow there).
describe('the quick layout of a large graph', () => {
  test('every node placed, causes left of effects, no two nodes of a column overlapping, hubs beside a neighbour', () => {
    const nodes: GraphNode[] = [];
    const edges: GraphEdge[] = [];
    const hub: GraphNode = { id: 'hub', category: 'AGENT', subtype: 'PERSON', label: 'hub' };
    nodes.push(hub);
    // Ten layers of 150: node i of layer k+1 is a cause of nodes i and (7i mod 150) of layer k; every run names the hub.
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i < 150; i++) {
        nodes.push({ id: `${k}:${i}`, category: k % 2 ? 'ACTIVITY' : 'ENTITY', subtype: k % 2 ? 'MODEL_RUN' : 'DATASET', label: `${k}:${i}` });
        if (k > 0) for (const j of new Set([i, (7 * i) % 150])) edges.push({ source: `${k - 1}:${j}`, target: `${k}:${i}`, relation: 'used' });
        if (k % 2) edges.push({ source: `${k}:${i}`, target: 'hub', relation: 'wasAssociatedWith' });
      }
    }
    const at = quickLayout(nodes, edges);
    assert.equal(Object.keys(at).length, nodes.length);
    for (const e of edges.filter((e) => e.target !== 'hub')) assert.ok(at[e.target]!.x < at[e.source]!.x, `${e.target} left of ${e.source}`);
    const columns = new Map<number, GraphNode[]>();
    for (const n of nodes) columns.set(at[n.id]!.x, [...(columns.get(at[n.id]!.x) ?? []), n]);
    assert.equal(columns.size, 10, 'one column a layer; the hub shares one');
    for (const col of columns.values()) {
      const sorted = [...col].sort((a, b) => at[a.id]!.y - at[b.id]!.y);
      for (let i = 1; i < sorted.length; i++) assert.ok(at[sorted[i]!.id]!.y >= at[sorted[i - 1]!.id]!.y + NODE_SIZE[sorted[i - 1]!.category].height);
    }
    // The hub keeps two of its 750 relations for layout, the first listed (runs of layer 1): it stands in the
    // column just left of theirs, not at the far left where all its relations would pull it.
    assert.ok(750 > HUB_DEGREE);
    assert.equal(layoutEdges(nodes.length, edges).filter((e) => e.target === 'hub').length, 2);
    assert.equal(at.hub!.x, at['2:0']!.x);
    assert.ok(at.hub!.x < at['1:0']!.x);
  });
});
