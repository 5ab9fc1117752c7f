// One pair of aligned steps, side by side: timing (a bar scaled to the slowest step of both runs), model
// params, inputs and outputs. What differs is said in words ("differs", + and − lines), not by colour alone.
import type { ReactNode } from 'react';
import type { Step } from '../../api/types';
import { formatDuration, StatusBadge } from '../../components/status';
import { JsonView } from '../../components/json-view';
import { differences, type Aspect, type StepPair } from './align';
import { DiffView } from './diff-view';
import { ValueView } from './value-view';

export function elapsedOf(step: Step | undefined): number | undefined {
  if (!step) return undefined;
  if (step.elapsed_time !== undefined) return step.elapsed_time;
  return step.started_at && step.finished_at ? Date.parse(step.finished_at) - Date.parse(step.started_at) : undefined;
}

export const CONTENT: Aspect[] = ['status', 'params', 'inputs', 'outputs'];
const WORDS: Record<Aspect, string> = { status: 'status', params: 'model params', inputs: 'inputs', outputs: 'outputs', timing: 'timing' };

export function StepCompare({ pair, index, slowest }: { pair: StepPair; index: number; slowest: number }) {
  // A step one run lacks is said once, in the heading, not on every row.
  const diffs = pair.a && pair.b ? differences(pair) : [];
  const content = diffs.filter((d) => CONTENT.includes(d));
  const titleId = `step-${index}-title`;
  const only = !pair.a ? 'B' : !pair.b ? 'A' : undefined;
  const step = pair.a ?? pair.b;
  return (
    <section className="step-pair" aria-labelledby={titleId}>
      <div className="step-head">
        <h2 id={titleId}>
          Step {index + 1}: <span className="code-name">{pair.name}</span>
        </h2>
        {only ? (
          <span className="badge diff-badge">only in run {only}</span>
        ) : content.length ? (
          <span className="badge diff-badge">differs: {content.map((d) => WORDS[d]).join(', ')}</span>
        ) : (
          <span className="badge same-badge">same {CONTENT.map((d) => WORDS[d]).join(', ')}</span>
        )}
        {step?.provider_name && (
          <span className="muted small">
            {step.provider_name}
            {step.invocation ? ` · ${step.invocation}` : ''}
          </span>
        )}
      </div>
      <table className="data compare-table">
        <CompareHead />
        <tbody>
          <Row label="Timing" differs={diffs.includes('timing')} a={<Timing step={pair.a} slowest={slowest} />} b={<Timing step={pair.b} slowest={slowest} other={pair.a} />} />
          <Row label="Status" differs={diffs.includes('status')} a={<StepStatus step={pair.a} />} b={<StepStatus step={pair.b} />} />
          <ValueRow label="Model params" aspect="params" pair={pair} diffs={diffs} pick={(s) => s.model_params} json />
          <ValueRow label="Inputs" aspect="inputs" pair={pair} diffs={diffs} pick={(s) => s.inputs} />
          <ValueRow label="Outputs" aspect="outputs" pair={pair} diffs={diffs} pick={(s) => s.outputs} />
        </tbody>
      </table>
    </section>
  );
}

function Row({ label, differs, a, b }: { label: string; differs: boolean; a: ReactNode; b: ReactNode }) {
  return (
    <tr className={differs ? 'differs' : undefined}>
      <th scope="row">
        {label}
        {differs && <span className="badge diff-badge small-badge">differs</span>}
      </th>
      <td>{a}</td>
      <td className={differs ? 'changed' : undefined}>{b}</td>
    </tr>
  );
}

interface ValueRowProps {
  label: string;
  aspect: Aspect;
  pair: StepPair;
  diffs: Aspect[];
  pick: (step: Step) => unknown;
  json?: boolean;
}

function ValueRow({ label, aspect, pair, diffs, pick, json = false }: ValueRowProps) {
  const differs = diffs.includes(aspect);
  const side = (step: Step | undefined, run: string) => {
    if (!step) return <NotInRun />;
    const value = pick(step);
    if (json) return isEmpty(value) ? <span className="muted">none</span> : <JsonView value={value} open={2} />;
    return <ValueView value={value} what={`${label} of run ${run}`} />;
  };
  const both = pair.a && pair.b;
  return (
    <Row
      label={label}
      differs={differs}
      a={side(pair.a, 'A')}
      b={
        <>
          {side(pair.b, 'B')}
          {differs && both && <DiffView a={pick(pair.a!)} b={pick(pair.b!)} label={`${label}: lines of A (−) and B (+)`} />}
        </>
      }
    />
  );
}

const isEmpty = (v: unknown) => v === undefined || (v !== null && typeof v === 'object' && Object.keys(v).length === 0);

function NotInRun() {
  return <span className="muted">Not in this run.</span>;
}

function StepStatus({ step }: { step: Step | undefined }) {
  if (!step) return <NotInRun />;
  return (
    <>
      <StatusBadge status={step.status} />
      {step.error_message && <div className="small error-text">{step.error_message}</div>}
    </>
  );
}

function Timing({ step, slowest, other }: { step: Step | undefined; slowest: number; other?: Step | undefined }) {
  if (!step) return <NotInRun />;
  const ms = elapsedOf(step);
  if (ms === undefined) return <span className="muted">no timing</span>;
  const base = elapsedOf(other);
  const delta = base === undefined ? undefined : ms - base;
  return (
    <div className="timing">
      <span className="bar-track" aria-hidden="true">
        <span className="bar" style={{ width: `${slowest > 0 ? Math.max(1, (ms / slowest) * 100) : 0}%` }} />
      </span>
      <span className="timing-text">
        {formatDuration(ms)}
        {delta !== undefined && delta !== 0 && (
          <span className="muted">
            {' '}
            ({delta > 0 ? '+' : '−'}
            {formatDuration(Math.abs(delta))} vs A)
          </span>
        )}
      </span>
    </div>
  );
}

/** The header row of a side-by-side table: what is compared, run A, run B. */
export function CompareHead() {
  return (
    <thead>
      <tr>
        <th scope="col" className="aspect-col">
          <span className="visually-hidden">Aspect</span>
        </th>
        <th scope="col">Run A</th>
        <th scope="col">Run B</th>
      </tr>
    </thead>
  );
}
