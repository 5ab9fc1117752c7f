// One server-sent events stream per tab (GET /events): every run that changes arrives as a `run` event and
// is written into the query cache, so lists and run pages update in place without a reload. fetch rather
// than EventSource, because EventSource cannot send the Authorization header.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createParser } from 'eventsource-parser';
import { authHeaders, type Page } from './client';
import type { Run } from './types';

export function useLiveRuns(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    void follow(queryClient, abort.signal);
    return () => abort.abort();
  }, [enabled, queryClient]);
}

async function follow(queryClient: QueryClient, signal: AbortSignal): Promise<void> {
  let lastId: string | undefined;
  let backoff = 500;
  while (!signal.aborted) {
    try {
      const res = await fetch('/events', {
        headers: { accept: 'text/event-stream', ...authHeaders(), ...(lastId ? { 'last-event-id': lastId } : {}) },
        signal,
      });
      if (res.status === 401 || res.status === 403) return;
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      backoff = 500;
      const parser = createParser({
        onEvent(event) {
          if (event.id) lastId = event.id;
          if (event.event === 'run') applyRun(queryClient, JSON.parse(event.data) as Run);
        },
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, backoff));
    backoff = Math.min(backoff * 2, 10_000);
  }
}

// A burst of new runs (an ingestion load) refetches the lists once per interval, not once per run.
const REFETCH_EVERY_MS = 1000;
let refetchPending = false;

function refetchLists(queryClient: QueryClient): void {
  if (refetchPending) return;
  refetchPending = true;
  setTimeout(() => {
    refetchPending = false;
    void queryClient.invalidateQueries({ queryKey: ['runs'] });
  }, REFETCH_EVERY_MS);
}

/** Patches the run wherever it is cached; a run no cached list holds makes the lists refetch. */
function applyRun(queryClient: QueryClient, run: Run): void {
  queryClient.setQueryData<Run>(['run', run.id], (old) => (old ? { ...old, ...run } : old));
  let found = false;
  queryClient.setQueriesData<Page<Run>>({ queryKey: ['runs'] }, (page) => {
    if (!page) return page;
    const i = page.data.findIndex((r) => r.id === run.id);
    if (i < 0) return page;
    found = true;
    const data = page.data.slice();
    data[i] = run;
    return { ...page, data };
  });
  if (!found) refetchLists(queryClient);
  // A run page's steps move with its run.
  void queryClient.invalidateQueries({ queryKey: ['run-steps', run.id] });
}
