// One batch to POST /model-runs/batch, until it has an answer per record: retried while the server is away
// or busy (safe: each record carries its idempotency key), and split into single records when the server
// refuses the batch as a whole, so that one record it cannot take does not hold back the rest.
import { ApiError, type ApiClient } from '../api.js';
import { CliError } from '../errors.js';

export interface Outgoing {
  key: string;
  record: Record<string, unknown>;
}

export type Answer =
  | { status: 'lodged' | 'existing'; id: string }
  | { status: 'refused'; error: { error_code?: string; status?: number; detail: string; field?: string } };

interface BatchReply {
  results: ({ index: number } & Answer)[];
}

const RETRIES = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 429 || error.status === 503 || error.status >= 500;
  // A server that cannot be reached may be restarting.
  return error instanceof CliError && /cannot reach/.test(error.message);
}

async function post(client: ApiClient, records: readonly Outgoing[]): Promise<Answer[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = await client.post<BatchReply>('/model-runs/batch', { records });
      return reply.results.map(({ index: _index, ...answer }) => answer as Answer);
    } catch (error) {
      if (!isTransient(error) || attempt === RETRIES) throw error;
      const wait = error instanceof ApiError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 250 * 2 ** attempt;
      await sleep(wait);
    }
  }
}

export async function sendBatch(client: ApiClient, records: readonly Outgoing[]): Promise<Answer[]> {
  try {
    return await post(client, records);
  } catch (error) {
    // A refusal of the whole request (a body the server will not store, one too large): no record was lodged.
    const wholeRefusal = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 429;
    if (!wholeRefusal) throw error;
    if (records.length === 1) {
      const problem = error.problem;
      return [{ status: 'refused', error: { detail: error.message, status: error.status, ...(typeof problem?.error_code === 'string' ? { error_code: problem.error_code } : {}) } }];
    }
    const answers: Answer[] = [];
    for (const record of records) answers.push(...(await sendBatch(client, [record])));
    return answers;
  }
}
