// The selected step: its SQL and tests for a model step; provider, parameters, messages and token usage for
// an LLM step; attributes and events for a span; the error, whatever the kind.
import { LineageLink } from '../../components/links';
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { Run, Step, TestResult } from '../../api/types';
import { CodeView } from '../../components/code-view';
import { ErrorNote } from '../../components/errors';
import { JsonView } from '../../components/json-view';
import { StatusBadge, Time, formatDuration } from '../../components/status';
import { Conversation } from './messages';
import { TestResultsTable } from './test-results';

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Token usage: a span's gen_ai.usage.*, or the `usage` an LLM call returned (OpenAI's shape) in its outputs. */
function usageOf(step: Step): JsonMap | undefined {
  const usage = step.usage ?? (isMap(step.outputs) && isMap(step.outputs.usage) ? step.outputs.usage : undefined);
  return usage && Object.keys(usage).length > 0 ? usage : undefined;
}

export function StepPanel({ run, step }: { run: Run; step: Step }) {
  const isModel = step.materialization !== undefined;
  const tests = useQuery({
    queryKey: ['step-tests', run.id, step.id, step.status],
    queryFn: () => api<Page<TestResult>>(`/model-runs/${run.id}/steps/${step.id}/test-results?max_results=1000`),
    enabled: isModel,
  });
  const usage = usageOf(step);
  return (
    <section aria-labelledby="step-title" className="step-panel">
      <h2 id="step-title">
        {step.model_name} <StatusBadge status={step.status} />
      </h2>
      <dl className="facts">
        {step.materialization && (
          <>
            <dt>Materialization</dt>
            <dd>{step.materialization}</dd>
          </>
        )}
        {step.rows_affected !== undefined && (
          <>
            <dt>Rows affected</dt>
            <dd>{step.rows_affected.toLocaleString()}</dd>
          </>
        )}
        {step.provider_name && (
          <>
            <dt>Provider</dt>
            <dd>
              {step.provider_name}
              {step.invocation ? ` · ${step.invocation}` : ''}
            </dd>
          </>
        )}
        {step.span_kind && (
          <>
            <dt>Span</dt>
            <dd>
              {step.span_kind} <span className="mono muted">{step.span_id}</span>
            </dd>
          </>
        )}
        <dt>Started</dt>
        <dd>
          <Time at={step.started_at} />
        </dd>
        <dt>Took</dt>
        <dd>{step.elapsed_time !== undefined ? formatDuration(step.elapsed_time) : step.started_at && step.finished_at ? formatDuration(Date.parse(step.finished_at) - Date.parse(step.started_at)) : '—'}</dd>
        {step.depends_on?.length ? (
          <>
            <dt>Reads</dt>
            <dd>{step.depends_on.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {step.output_entity_id && (
        <p>
          <LineageLink start={step.output_entity_id}>Lineage of what this step produced</LineageLink>
        </p>
      )}
      {step.error_message && (
        <>
          <h3>Error</h3>
          <pre className="error" role="alert">
            {step.error_message}
          </pre>
        </>
      )}
      {step.compiled_sql && (
        <>
          <h3>SQL</h3>
          <CodeView code={step.compiled_sql} label={`Compiled SQL of ${step.model_name}`} />
        </>
      )}
      {isModel && (
        <>
          <h3>Tests</h3>
          <ErrorNote error={tests.error} />
          <TestResultsTable results={tests.data?.data ?? []} steps={[step]} caption={`Tests of ${step.model_name}`} />
        </>
      )}
      {step.model_params && Object.keys(step.model_params).length > 0 && (
        <>
          <h3>Model parameters</h3>
          <JsonView value={step.model_params} open={1} />
        </>
      )}
      {step.inputs && (
        <>
          <h3>Inputs</h3>
          <Conversation value={step.inputs} label="Input messages" />
        </>
      )}
      {step.outputs !== undefined && (
        <>
          <h3>Outputs</h3>
          <Conversation value={step.outputs} label="Output messages" />
        </>
      )}
      {usage && (
        <>
          <h3>Token usage</h3>
          <dl className="facts">
            {Object.entries(usage).map(([k, v]) => (
              <div key={k} className="contents">
                <dt>{k.replace(/_/g, ' ')}</dt>
                <dd>{typeof v === 'number' ? v.toLocaleString() : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {step.attributes && Object.keys(step.attributes).length > 0 && (
        <details>
          <summary>Span attributes ({Object.keys(step.attributes).length})</summary>
          <JsonView value={step.attributes} open={1} />
        </details>
      )}
      {step.events && step.events.length > 0 && (
        <details>
          <summary>Span events ({step.events.length})</summary>
          <JsonView value={step.events} open={1} />
        </details>
      )}
    </section>
  );
}
