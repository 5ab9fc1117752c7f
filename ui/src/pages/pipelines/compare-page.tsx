// /pipelines/$pipelineId/compare?a=&b=: two runs of a pipeline side by side, step by step.
import { getRouteApi, Link } from '@tanstack/react-router';
import type { Run, Step } from '../../api/types';
import { ErrorNote, Loading } from '../../components/errors';
import { Duration, formatDuration, StatusBadge, Time } from '../../components/status';
import { RunLink } from '../../components/links';
import { alignSteps, differences } from './align';
import { usePipeline, useRun, useSteps } from './queries';
import { CompareHead, CONTENT, elapsedOf, StepCompare } from './step-compare';
import './pipelines.css';

const route = getRouteApi('/pipelines/$pipelineId/compare');

export function ComparePage() {
  const { pipelineId } = route.useParams();
  const { a, b } = route.useSearch();
  const pipeline = usePipeline(pipelineId);
  const runA = useRun(a);
  const runB = useRun(b);
  const stepsA = useSteps(a);
  const stepsB = useSteps(b);
  const name = pipeline.data?.displayName ?? pipeline.data?.slug ?? 'Pipeline';

  return (
    <section className="area-pipelines" aria-labelledby="compare-title">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/pipelines">Pipelines</Link> <span aria-hidden="true">/</span>{' '}
        <Link to="/pipelines/$pipelineId" params={{ pipelineId }} search={{ ...(a && b ? { pick: [a, b] } : {}) }}>
          {name}
        </Link>{' '}
        <span aria-hidden="true">/</span>
      </nav>
      <h1 id="compare-title">Compare two runs</h1>
      {!(a && b) && (
        <p className="notice">
          Two runs are needed: pick them on the <Link to="/pipelines/$pipelineId" params={{ pipelineId }}>pipeline’s page</Link>.
        </p>
      )}
      {[runA, runB, stepsA, stepsB].map((q, i) => (
        <ErrorNote key={i} error={q.error} />
      ))}
      {a && b && (runA.isPending || runB.isPending || stepsA.isPending || stepsB.isPending) && <Loading what="the two runs" />}
      {runA.data && runB.data && stepsA.data && stepsB.data && <Comparison runA={runA.data} runB={runB.data} stepsA={stepsA.data} stepsB={stepsB.data} />}
    </section>
  );
}

function Comparison({ runA, runB, stepsA, stepsB }: { runA: Run; runB: Run; stepsA: Step[]; stepsB: Step[] }) {
  const pairs = alignSteps(stepsA, stepsB);
  const slowest = Math.max(0, ...[...stepsA, ...stepsB].map((s) => elapsedOf(s) ?? 0));
  const differing = pairs.filter((p) => p.a && p.b && differences(p).some((d) => CONTENT.includes(d))).length;
  const unpaired = pairs.filter((p) => !p.a || !p.b).length;
  const total = (steps: Step[]) => steps.reduce((sum, s) => sum + (elapsedOf(s) ?? 0), 0);
  return (
    <>
      <table className="data compare-summary">
        <caption className="visually-hidden">The two runs</caption>
        <CompareHead />
        <tbody>
          <tr>
            <th scope="row">Run</th>
            {[runA, runB].map((r) => (
              <td key={r.id}>
                <RunLink runId={r.id}>{r.display_name}</RunLink> <span className="mono muted small">{r.id}</span>
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Status</th>
            {[runA, runB].map((r) => (
              <td key={r.id}>
                <StatusBadge status={r.status} />
                {r.error_message && <div className="small error-text">{r.error_message}</div>}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Started</th>
            {[runA, runB].map((r) => (
              <td key={r.id}>
                <Time at={r.started_at} /> · took <Duration from={r.started_at} to={r.finished_at} />
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Steps</th>
            {[stepsA, stepsB].map((steps, i) => (
              <td key={i}>
                {steps.length} {steps.length === 1 ? 'step' : 'steps'}, {formatDuration(total(steps))} in all
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className="compare-verdict" role="status">
        {differing === 0 && unpaired === 0
          ? `All ${pairs.length} steps have the same status, model params, inputs and outputs.`
          : `${differing} of ${pairs.length} steps differ in status, model params, inputs or outputs${unpaired ? `; ${unpaired} ${unpaired === 1 ? 'step is' : 'steps are'} in one run only` : ''}.`}
      </p>
      {pairs.map((pair, i) => (
        <StepCompare key={`${i}-${pair.name}`} pair={pair} index={i} slowest={slowest} />
      ))}
    </>
  );
}
