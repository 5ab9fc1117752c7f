// "Trigger a run": the platform's selectors (comma-separated, as the server joins them), full refresh and
// vars. On success the run's page opens; a refusal shows the server's own words.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../../api/client';
import type { Run } from '../../api/types';
import { ErrorNote } from '../../components/errors';
import type { TriggerModelRun } from './model-types';

/** `a, +b ,tag:x` → ['a', '+b', 'tag:x']; nothing → every model of the project. */
export function parseSelectors(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A JSON object, or the reason it is not one. */
export function parseVars(text: string): { vars?: Record<string, unknown>; problem?: string } {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `Vars are not JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'Vars must be a JSON object, e.g. {"start": "2024-01-01"}' };
  return { vars: value as Record<string, unknown> };
}

export function useTrigger() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: TriggerModelRun) => api<Run>('/v1/model-runs', { body }),
    onSuccess: (run) => navigate({ to: '/runs/$runId', params: { runId: run.id } }),
  });
}

export function TriggerForm({ project }: { project: string }) {
  const trigger = useTrigger();
  const [selector, setSelector] = useState('');
  const [fullRefresh, setFullRefresh] = useState(false);
  const [varsText, setVarsText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { vars, problem: varsProblem } = parseVars(varsText);
    setProblem(varsProblem ?? null);
    if (varsProblem) return;
    const selectors = parseSelectors(selector);
    trigger.mutate({
      project_name: project,
      ...(selectors.length ? { model_names: selectors } : {}),
      ...(fullRefresh ? { full_refresh: true } : {}),
      ...(vars ? { vars } : {}),
    });
  }

  return (
    <form className="panel trigger-form" onSubmit={submit} aria-labelledby="trigger-title">
      <h2 id="trigger-title">Trigger a run</h2>
      <label>
        Selector
        <input
          value={selector}
          onChange={(e) => setSelector(e.target.value)}
          placeholder="* (every model)"
          aria-describedby="selector-help"
          className="mono"
          spellCheck={false}
        />
      </label>
      <p id="selector-help" className="help muted">
        Comma-separated: <code>name</code>, <code>+name</code> (with upstream), <code>name+</code> (with downstream), <code>tag:mart</code>,{' '}
        <code>state:modified</code>, <code>*</code>. Empty runs every model.
      </p>
      <label className="check">
        <input type="checkbox" checked={fullRefresh} onChange={(e) => setFullRefresh(e.target.checked)} />
        Full refresh (rebuild incremental models whole)
      </label>
      <label>
        Vars (JSON)
        <textarea value={varsText} onChange={(e) => setVarsText(e.target.value)} rows={3} className="mono" placeholder='{"start_date": "2024-01-01"}' spellCheck={false} />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorNote error={trigger.error} />
      <div>
        <button type="submit" className="primary" disabled={trigger.isPending}>
          {trigger.isPending ? 'Triggering…' : 'Trigger run'}
        </button>
      </div>
    </form>
  );
}
