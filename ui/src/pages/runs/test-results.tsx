// Test results of a run or a step: SQL tests (PASS/FAIL/ERROR with failing rows) and LLM evaluations.
import type { Step, TestResult } from '../../api/types';
import { StatusBadge } from '../../components/status';

export function TestResultsTable({ results, steps, caption }: { results: TestResult[]; steps: Step[]; caption: string }) {
  if (results.length === 0) return <p className="muted">No tests.</p>;
  const stepName = new Map(steps.map((s) => [s.id, s.model_name]));
  // A step's own tests need no step column.
  const showStep = steps.length !== 1;
  return (
    <table className="data tests-table">
      <caption className={steps.length === 1 ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Test</th>
          <th scope="col">Status</th>
          {showStep && <th scope="col">Step</th>}
          <th scope="col">Failing rows or score</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {results.map((t) => (
          <tr key={t.id} data-test-status={t.status}>
            <td>{t.test_name}</td>
            <td>
              <StatusBadge status={t.status} />
            </td>
            {showStep && <td>{t.run_step_id ? (stepName.get(t.run_step_id) ?? t.run_step_id.slice(0, 8)) : <span className="muted">whole run</span>}</td>}
            <td>{t.rows_returned ?? t.score ?? t.label ?? <span className="muted">—</span>}</td>
            <td>{t.error_message ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
