// Evaluations sent with a pipeline run, as test results of that run (no step: they judge the whole run).
import { evaluationResult, type Evaluation } from '../domain/gentrace-evaluations.js';
import type { NewTestResult } from '../store/schema.js';
import type { ServiceContext } from './context.js';

export function evaluationRows(ctx: ServiceContext, runId: string, evaluations: readonly Evaluation[], now: Date): NewTestResult[] {
  return evaluations.map((evaluation) => {
    const result = evaluationResult(evaluation);
    return {
      id: ctx.newId(),
      run_id: runId,
      run_step_id: null,
      test_id: null,
      test_name: result.testName,
      status: result.status,
      rows_returned: null,
      error_message: result.errorMessage,
      created_at: now,
      score: result.score,
      label: result.label,
      evaluation: JSON.stringify(evaluation),
    };
  });
}
