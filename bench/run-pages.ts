// npm run bench:pages — GET /model-runs page 1 against page 10,000 on a store of 1M runs (DESIGN: latency
// ratio ≤ 1.5). Keyset pagination should make the two cost the same. Env: BENCH_PAGE_RUNS (1,000,000),
// BENCH_PAGE_SAMPLES (200), DATABASE_URL. PostgreSQL only: the embedded store is measured elsewhere.
import { encodePageToken } from '../src/domain/pagination.js';
import { clientHeaders, expectStatus, requestJson } from './lib/http.js';
import { envInt, fmt, summarise } from './lib/stats.js';
import { seedRuns } from './lib/runs-seed.js';
import { postgresUnreachable, postgresUrl, redactUrl, startBenchServer } from './lib/stores.js';

const RUNS = envInt('BENCH_PAGE_RUNS', 1_000_000);
const SAMPLES = envInt('BENCH_PAGE_SAMPLES', 200);
const PAGE_SIZE = 100;

const unreachable = await postgresUnreachable(postgresUrl());
if (unreachable) {
  console.log(`PostgreSQL at ${redactUrl(postgresUrl())} cannot be reached (${unreachable}); nothing to measure.`);
  process.exit(0);
}

const server = await startBenchServer('postgres');
try {
  const started = performance.now();
  await seedRuns(server.ctx.db, RUNS);
  console.log(`${RUNS} runs written in ${fmt((performance.now() - started) / 1000)} s`);

  // The token a client holds after paging to page 10,000 (or the last page): the key of the row before it.
  const deepPage = Math.min(10_000, Math.floor(RUNS / PAGE_SIZE));
  const before = await server.ctx.db
    .selectFrom('runs')
    .select(['created_at', 'id'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset((deepPage - 1) * PAGE_SIZE - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  const deepToken = encodePageToken([before.created_at.toISOString(), before.id]);

  const headers = await clientHeaders(server, 'reader');
  const time = async (url: string) => {
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      const reply = await requestJson(server, 'GET', url, undefined, headers);
      latencies.push(performance.now() - t0);
      expectStatus(reply, 200, url);
      if (reply.body.data.length !== PAGE_SIZE) throw new Error(`${url} returned ${reply.body.data.length} runs`);
    }
    return summarise(latencies);
  };
  const first = await time(`/model-runs?max_results=${PAGE_SIZE}`);
  const deep = await time(`/model-runs?max_results=${PAGE_SIZE}&page_token=${deepToken}`);
  console.log(`GET /model-runs, ${PAGE_SIZE} a page, ${SAMPLES} sequential requests each, ${RUNS} runs (PostgreSQL)`);
  console.log('| page | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|');
  console.log(`| 1 | ${fmt(first.p50)} | ${fmt(first.p95)} | ${fmt(first.p99)} |`);
  console.log(`| ${deepPage} | ${fmt(deep.p50)} | ${fmt(deep.p95)} | ${fmt(deep.p99)} |`);
  console.log(`latency ratio page ${deepPage} / page 1: p50 ${fmt(deep.p50 / first.p50)}, p95 ${fmt(deep.p95 / first.p95)} (target ≤ 1.5)`);
} finally {
  await server.stop();
}
