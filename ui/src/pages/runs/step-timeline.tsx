// Steps as a Gantt chart: one row per step, its bar placed on the run's time span. Spans of an OTLP trace
// nest under their parent span; SQL steps keep execution order.
import { useMemo } from 'react';
import type { Run, Step } from '../../api/types';
import { formatDuration } from '../../components/status';

interface Row {
  step: Step;
  depth: number;
}

/** Depth-first by parent_step_id, siblings in start order; steps whose parent is absent are roots. */
export function nestSteps(steps: Step[]): Row[] {
  const ids = new Set(steps.map((s) => s.id));
  const children = new Map<string, Step[]>();
  const roots: Step[] = [];
  for (const s of steps) {
    if (s.parent_step_id && ids.has(s.parent_step_id)) children.set(s.parent_step_id, [...(children.get(s.parent_step_id) ?? []), s]);
    else roots.push(s);
  }
  const byStart = (a: Step, b: Step) => (a.started_at ?? '').localeCompare(b.started_at ?? '') || a.order - b.order;
  const rows: Row[] = [];
  const visit = (s: Step, depth: number) => {
    rows.push({ step: s, depth });
    for (const c of (children.get(s.id) ?? []).sort(byStart)) visit(c, depth + 1);
  };
  const nested = steps.some((s) => s.parent_step_id);
  for (const r of nested ? roots.sort(byStart) : roots) visit(r, 0);
  return rows;
}

export function StepTimeline({ run, steps, selected, onSelect }: { run: Run; steps: Step[]; selected: string | undefined; onSelect: (id: string) => void }) {
  const rows = useMemo(() => nestSteps(steps), [steps]);
  if (steps.length === 0) return <p className="muted">{run.status === 'PENDING' ? 'Waiting for a worker…' : 'This run has no steps.'}</p>;

  const times = steps.flatMap((s) => [s.started_at, s.finished_at]).filter((t): t is string => !!t).map(Date.parse);
  const start = Math.min(...times, run.started_at ? Date.parse(run.started_at) : Infinity);
  const end = Math.max(...times, run.finished_at ? Date.parse(run.finished_at) : run.status === 'RUNNING' ? Date.now() : -Infinity);
  const span = Number.isFinite(start) && end > start ? end - start : 1;

  return (
    <div className="gantt">
      <div className="gantt-axis" aria-hidden="true">
        <span>0</span>
        <span>{formatDuration(span / 2)}</span>
        <span>{formatDuration(span)}</span>
      </div>
      <ol className="gantt-rows" aria-label="Steps in order">
        {rows.map(({ step, depth }) => {
          const from = step.started_at ? Date.parse(step.started_at) : undefined;
          const to = step.finished_at ? Date.parse(step.finished_at) : from !== undefined && step.status === 'RUNNING' ? Date.now() : from;
          const left = from !== undefined && Number.isFinite(start) ? ((from - start) / span) * 100 : 0;
          const width = from !== undefined && to !== undefined ? Math.max(((to - from) / span) * 100, 0.6) : 0;
          const took = from !== undefined && to !== undefined ? formatDuration(to - from) : 'not started';
          return (
            <li key={step.id}>
              <button
                type="button"
                className="gantt-row"
                aria-pressed={selected === step.id}
                data-step-status={step.status}
                onClick={() => onSelect(step.id)}
              >
                <span className="gantt-label" style={{ paddingLeft: `${depth * 1.1}rem` }}>
                  <span className="gantt-name">{step.model_name}</span>
                  <span className={`badge status-${step.status.toLowerCase()}`}>{step.status}</span>
                </span>
                <span className="gantt-track">
                  {width > 0 && <span className={`gantt-bar bar-${step.status.toLowerCase()}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />}
                </span>
                <span className="gantt-took">{took}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
