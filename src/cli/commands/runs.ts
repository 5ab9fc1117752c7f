// `runledger runs list|get|watch|trigger|cancel`: runs of every kind, through /model-runs and /events.
import type { Command } from 'commander';
import { RUN_KINDS, RUN_STATUSES, isTerminalRunStatus } from '../../domain/run-status.js';
import type { RunView } from '../../domain/run-schemas.js';
import type { ApiClient } from '../client/api.js';
import { action, choice, clientFor, positiveInt, withConnection, withJson } from '../client/command.js';
import { UsageError } from '../client/errors.js';
import { duration, printFields, printJson, printTable, shortTime, type Column } from '../client/output.js';
import { watchRun } from '../client/watch.js';

interface Page<T> {
  data: T[];
  next_page_token?: string;
}

interface ListOptions {
  url?: string;
  config?: string;
  json?: boolean;
  kind?: string;
  status?: string;
  project?: string;
  pipeline?: string;
  createdBy?: string;
  model?: string;
  query?: string;
  limit: number;
  pageToken?: string;
}

const PAGE_MAX = 1000;

const RUN_COLUMNS: Column<RunView>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'KIND', value: (r) => r.kind },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'NAME', value: (r) => r.display_name },
  { header: 'PROJECT', value: (r) => r.project_name },
  { header: 'CREATED', value: (r) => shortTime(r.created_at) },
  { header: 'DURATION', value: (r) => duration(r.started_at, r.finished_at), align: 'right' },
];

/** Pages through /model-runs until `limit` runs are in hand or the list ends. */
async function listRuns(client: ApiClient, opts: ListOptions): Promise<Page<RunView>> {
  const filters = {
    kind: opts.kind,
    status: opts.status,
    project_name: opts.project,
    pipeline_id: opts.pipeline,
    created_by: opts.createdBy,
    model: opts.model,
    q: opts.query,
  };
  const data: RunView[] = [];
  let token = opts.pageToken;
  for (;;) {
    const page = await client.get<Page<RunView>>('/model-runs', { ...filters, max_results: Math.min(PAGE_MAX, opts.limit - data.length), page_token: token });
    data.push(...page.data);
    token = page.next_page_token;
    if (!token || data.length >= opts.limit) break;
  }
  return { data, ...(token ? { next_page_token: token } : {}) };
}

/** `k=v` as a var: v read as JSON when it is JSON (`n=5`, `flag=true`, `list=[1,2]`), else as text. */
function parseVar(text: string, vars: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = text.indexOf('=');
  if (eq < 1) throw new UsageError(`--var takes name=value, not "${text}"`);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // text
  }
  return { ...vars, [text.slice(0, eq)]: value };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function printRun(run: RunView): void {
  printFields([
    ['id', run.id],
    ['kind', run.kind],
    ['status', run.status],
    ['name', run.display_name],
    ['project', run.project_name],
    ['models', run.model_names?.join(', ')],
    ['pipeline', run.pipeline_id],
    ['created', shortTime(run.created_at)],
    ['created by', run.created_by],
    ['started', shortTime(run.started_at)],
    ['finished', shortTime(run.finished_at)],
    ['duration', duration(run.started_at, run.finished_at)],
    ['error', run.error_message],
  ]);
}

/** Follows a run to its end: its statuses on stderr, and exit status 0 only for SUCCESS. */
async function follow(client: ApiClient, id: string, json: boolean | undefined): Promise<void> {
  const run = await watchRun(client, id, (r) => {
    if (!isTerminalRunStatus(r.status)) process.stderr.write(`${shortTime(new Date().toISOString())}  ${r.id}  ${r.status}\n`);
  });
  if (json) printJson(run);
  else process.stdout.write(`${run.id}  ${run.status}${run.error_message ? `  ${run.error_message}` : ''}\n`);
  if (run.status !== 'SUCCESS') process.exit(1);
}

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('runs of every kind: list, show, follow, trigger, cancel');

  withJson(withConnection(runs.command('list').description('list runs, newest first')))
    .addOption(choice('--kind <kind>', 'registered, triggered or ingested', RUN_KINDS))
    .addOption(choice('--status <status>', 'run status', RUN_STATUSES))
    .option('--project <name>', 'runs of this SQL project')
    .option('--pipeline <id>', 'ingested runs of this pipeline')
    .option('--created-by <id>', 'runs created by this user or API key id')
    .option('--model <name>', 'runs with a step of this model (project.name)')
    .option('-q, --query <text>', 'text the run name contains')
    .option('-n, --limit <n>', 'most runs to show', positiveInt('--limit'), 20)
    .option('--page-token <token>', 'start where a previous list stopped')
    .action(
      action(async (opts: ListOptions) => {
        const page = await listRuns(await clientFor(opts), opts);
        if (opts.json) return printJson(page);
        printTable(page.data, RUN_COLUMNS);
        if (page.next_page_token) process.stderr.write(`more: --page-token ${page.next_page_token}\n`);
      }),
    );

  withJson(withConnection(runs.command('get <id>').description('show a run and its steps'))).action(
    action(async (id: string, opts: { url?: string; config?: string; json?: boolean }) => {
      const client = await clientFor(opts);
      const run = await client.get<RunView>(`/model-runs/${encodeURIComponent(id)}`);
      if (opts.json) return printJson(run);
      printRun(run);
      const steps = await client.get<Page<{ model_name: string; status: string; started_at?: string; finished_at?: string; rows_affected?: number; error_message?: string }>>(
        `/model-runs/${encodeURIComponent(id)}/steps`,
        { max_results: PAGE_MAX },
      );
      if (steps.data.length === 0) return;
      process.stdout.write('\n');
      printTable(steps.data, [
        { header: 'STEP', value: (s) => s.model_name },
        { header: 'STATUS', value: (s) => s.status },
        { header: 'ROWS', value: (s) => s.rows_affected, align: 'right' },
        { header: 'DURATION', value: (s) => duration(s.started_at, s.finished_at), align: 'right' },
        { header: 'ERROR', value: (s) => s.error_message },
      ]);
    }),
  );

  withJson(withConnection(runs.command('watch <id>').description('follow a run until it ends; exit status 0 for SUCCESS, 1 otherwise'))).action(
    action(async (id: string, opts: { url?: string; config?: string; json?: boolean }) => follow(await clientFor(opts), id, opts.json)),
  );

  withJson(withConnection(runs.command('trigger <project>').description("run a project's SQL models; prints the run id")))
    .option('-s, --select <selector...>', 'models to run: name, +name, name+, tag:x, state:modified, … (default: all)')
    .option('--full-refresh', 'build INCREMENTAL models whole')
    .option('--var <name=value>', 'a var for the templates (repeatable; JSON values are read as JSON)', collect)
    .option('--target-schema <schema>', 'schema to build into (default: the project name)')
    .option('-w, --watch', 'follow the run until it ends')
    .action(
      action(async (project: string, opts: { url?: string; config?: string; json?: boolean; select?: string[]; fullRefresh?: boolean; var?: string[]; targetSchema?: string; watch?: boolean }) => {
        const client = await clientFor(opts);
        const vars = (opts.var ?? []).reduce<Record<string, unknown>>((acc, v) => parseVar(v, acc), {});
        const run = await client.post<RunView>('/model-runs', {
          project_name: project,
          ...(opts.select ? { model_names: opts.select } : {}),
          ...(opts.fullRefresh ? { full_refresh: true } : {}),
          ...(Object.keys(vars).length > 0 ? { vars } : {}),
          ...(opts.targetSchema ? { target_schema: opts.targetSchema } : {}),
        });
        if (opts.watch) return follow(client, run.id, opts.json);
        if (opts.json) printJson(run);
        else process.stdout.write(`${run.id}\n`);
      }),
    );

  withJson(withConnection(runs.command('cancel <id>').description('cancel a PENDING or RUNNING run'))).action(
    action(async (id: string, opts: { url?: string; config?: string; json?: boolean }) => {
      const run = await (await clientFor(opts)).post<RunView>(`/model-runs/${encodeURIComponent(id)}/cancel`);
      if (opts.json) printJson(run);
      else process.stdout.write(`${run.id}  ${run.status}\n`);
    }),
  );
}
