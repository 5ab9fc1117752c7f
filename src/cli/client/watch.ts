// Following one run until it ends, on GET /events. The stream is opened first and the run read after, so a
// change between the two is never missed; a dropped stream is opened again and the run read again.
import { isTerminalRunStatus } from '../../domain/run-status.js';
import type { RunView } from '../../domain/run-schemas.js';
import type { ApiClient } from './api.js';
import { CliError } from './errors.js';
import { readEvents } from './sse.js';

const RECONNECT_MS = 1000;
const MAX_RECONNECTS = 30;

export async function watchRun(client: ApiClient, id: string, onChange: (run: RunView) => void): Promise<RunView> {
  let lastStatus: string | undefined;
  const seen = (run: RunView) => {
    if (run.status !== lastStatus) onChange(run);
    lastStatus = run.status;
    return isTerminalRunStatus(run.status);
  };
  for (let attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
    const abort = new AbortController();
    try {
      const res = await client.fetch('GET', '/events', { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      if (!res.ok || !res.body) throw client.refusal(res, await res.text().then((t) => JSON.parse(t) as unknown).catch(() => undefined));
      const current = await client.get<RunView>(`/model-runs/${encodeURIComponent(id)}`);
      if (seen(current)) return current;
      for await (const event of readEvents(res.body)) {
        if (event.event !== 'run') continue;
        const run = JSON.parse(event.data) as RunView;
        if (run.id === id && seen(run)) return run;
      }
    } catch (error) {
      // A refusal (404, 401) is final; a connection that broke is opened again.
      if (error instanceof CliError && !/cannot reach/.test(error.message)) throw error;
      if (attempt === MAX_RECONNECTS) throw error instanceof CliError ? error : new CliError(`lost the event stream: ${(error as Error).message}`);
    } finally {
      abort.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
  throw new CliError('lost the event stream');
}
