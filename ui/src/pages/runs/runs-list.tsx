// Every run, of every kind, newest first. The list stays current through /events (see api/live.ts).
import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { api, query, type Page } from '../../api/client';
import type { Run } from '../../api/types';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Duration, StatusBadge, Time } from '../../components/status';
import { usePipelines, useUserNames } from './names';
import { runsListRoute, type RunsSearch } from './routes';
import './runs.css';

export const KINDS = ['registered', 'triggered', 'ingested'] as const;
export const STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELLED'] as const;
const PAGE_SIZE = 50;

const column = createColumnHelper<Run>();

export function RunsList() {
  const search = runsListRoute.useSearch();
  const navigate = useNavigate({ from: '/runs' });
  const { me } = useAuth();
  const pipelines = usePipelines();
  const names = useUserNames();
  const trail = search.trail ?? [];
  const token = trail.at(-1);

  const filter = {
    kind: search.kind,
    status: search.status,
    project_name: search.project,
    pipeline_id: search.pipeline,
    created_by: search.who,
    q: search.q,
  };
  const runs = useQuery({
    queryKey: ['runs', filter, token],
    queryFn: () => api<Page<Run>>(`/model-runs${query({ ...filter, max_results: PAGE_SIZE, page_token: token })}`),
    placeholderData: keepPreviousData,
  });

  const setSearch = (change: Partial<RunsSearch>) =>
    void navigate({ search: (prev: RunsSearch) => ({ ...prev, ...change, trail: 'trail' in change ? change.trail : undefined }) });

  const columns = [
    column.accessor('display_name', {
      header: 'Run',
      cell: (c) => (
        <Link to="/runs/$runId" params={{ runId: c.row.original.id }}>
          {c.getValue() || c.row.original.id}
        </Link>
      ),
    }),
    column.accessor('kind', { header: 'Kind' }),
    column.accessor('status', { header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} /> }),
    column.display({
      id: 'where',
      header: 'Project / pipeline',
      cell: (c) => c.row.original.project_name ?? pipelines.nameOf(c.row.original.pipeline_id) ?? <span className="muted">—</span>,
    }),
    column.accessor('created_at', { header: 'Created', cell: (c) => <Time at={c.getValue()} /> }),
    column.display({ id: 'duration', header: 'Duration', cell: (c) => <Duration from={c.row.original.started_at} to={c.row.original.finished_at} /> }),
    column.accessor('created_by', { header: 'Who', cell: (c) => names.nameOf(c.getValue(), me) ?? <span className="muted">—</span> }),
  ];
  const table = useReactTable({ data: runs.data?.data ?? [], columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });

  return (
    <section aria-labelledby="runs-title">
      <div className="page-head">
        <h1 id="runs-title">Runs</h1>
        <span className="muted">registered, triggered and ingested — newest first, live</span>
      </div>
      <Filters search={search} onChange={setSearch} pipelines={pipelines.list} users={hasRole(me, 'admin') ? names.list : []} myId={me?.id} />
      <ErrorNote error={runs.error} />
      {runs.isPending ? (
        <Loading what="runs" />
      ) : (
        <table className="data runs-table" aria-label="Runs" aria-busy={runs.isFetching}>
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => (
                  <th key={h.id} scope="col">
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-run-id={row.id} data-status={row.original.status}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
            {runs.data?.data.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="muted">
                  No runs match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <Pager trail={trail} next={runs.data?.next_page_token} onMove={(t) => setSearch({ trail: t.length ? t : undefined })} />
    </section>
  );
}

interface FiltersProps {
  search: RunsSearch;
  onChange: (change: Partial<RunsSearch>) => void;
  pipelines: { id: string; name: string }[];
  users: { id: string; name: string }[];
  myId: string | undefined;
}

function Filters({ search, onChange, pipelines, users, myId }: FiltersProps) {
  const [q, setQ] = useState(search.q ?? '');
  const [project, setProject] = useState(search.project ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: q.trim() || undefined, project: project.trim() || undefined });
  };
  return (
    <form className="toolbar" role="search" aria-label="Filter runs" onSubmit={submit}>
      <label>
        Name contains
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. calibration" />
      </label>
      <label>
        Kind
        <select value={search.kind ?? ''} onChange={(e) => onChange({ kind: e.target.value || undefined })}>
          <option value="">Any kind</option>
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select value={search.status ?? ''} onChange={(e) => onChange({ status: e.target.value || undefined })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Project
        <input value={project} onChange={(e) => setProject(e.target.value)} placeholder="any" size={12} />
      </label>
      <label>
        Pipeline
        <select value={search.pipeline ?? ''} onChange={(e) => onChange({ pipeline: e.target.value || undefined })}>
          <option value="">Any pipeline</option>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Who
        <select value={search.who ?? ''} onChange={(e) => onChange({ who: e.target.value || undefined })}>
          <option value="">Anyone</option>
          {myId && <option value={myId}>Me</option>}
          {users
            .filter((u) => u.id !== myId)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" className="primary">
        Search
      </button>
      {Object.values(search).some((v) => v !== undefined) && (
        <button type="button" onClick={() => { setQ(''); setProject(''); onChange({ kind: undefined, status: undefined, project: undefined, pipeline: undefined, who: undefined, q: undefined }); }}>
          Clear filters
        </button>
      )}
    </form>
  );
}
