// LLM evaluations sent with a pipeline run (@gentrace/core 3.x `PipelineRun.addEval()`, posted as the run's
// `evaluations`) become test results of that run, so an evaluator's verdict and a SQL model's test share one
// vocabulary (PASS, FAIL, ERROR) and one list. The item shape is the SDKs' `LocalEvaluation` model
// (gentrace-node packages/core/models/local-evaluation.ts; gentrace-python package/gentrace/model/local_evaluation.py):
// `name` and `value` required, `label` and `debug` optional; other members are kept as sent.
import { Type, type Static } from '@sinclair/typebox';
import { JsonMap } from './free-form.js';
import type { TestStatus } from './run-status.js';

export const MAX_EVALUATIONS = 1000;

/** At and above this score an evaluation without a verdict label passes: the middle of Gentrace's 0–1 scores. */
export const PASS_SCORE = 0.5;

const LabelText = Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 1000, description: 'A verdict or class, e.g. "pass", "A"' });

export const EvaluationSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 1000, description: 'The evaluator: the test name of the result' }),
    value: Type.Number({ description: 'The score, 0 to 1 for Gentrace evaluators (1 and 0 for pass and fail)' }),
    label: Type.Optional(LabelText),
    debug: Type.Optional(JsonMap('What the evaluator saw and said; debug.error marks an evaluator that failed')),
  },
  { additionalProperties: true },
);
export type Evaluation = Static<typeof EvaluationSchema>;

export const EvaluationsSchema = Type.Array(EvaluationSchema, {
  maxItems: MAX_EVALUATIONS,
  description:
    'LLM evaluations of the run (@gentrace/core 3.x). Each becomes a test result of the run: ERROR when debug.error ' +
    `is present; else PASS or FAIL by a verdict label (pass/fail, true/false, yes/no); else PASS when value ≥ ${PASS_SCORE}.`,
});

export interface EvaluationResult {
  testName: string;
  status: TestStatus;
  score: number;
  label: string | null;
  errorMessage: string | null;
}

const VERDICTS: Readonly<Record<string, TestStatus>> = {
  pass: 'PASS', passed: 'PASS', true: 'PASS', yes: 'PASS',
  fail: 'FAIL', failed: 'FAIL', false: 'FAIL', no: 'FAIL',
  error: 'ERROR',
};

function evaluatorError(debug: Record<string, unknown> | undefined): string | null {
  const error = debug?.error;
  if (error === undefined || error === null) return null;
  const message = typeof error === 'object' ? (error as { message?: unknown }).message : error;
  return typeof message === 'string' && message !== '' ? message : 'the evaluator failed';
}

/** The test result an evaluation stands for. */
export function evaluationResult(evaluation: Evaluation): EvaluationResult {
  const label = evaluation.label ?? null;
  const errorMessage = evaluatorError(evaluation.debug);
  const verdict = label === null ? undefined : VERDICTS[label.trim().toLowerCase()];
  const status: TestStatus = errorMessage !== null ? 'ERROR' : (verdict ?? (evaluation.value >= PASS_SCORE ? 'PASS' : 'FAIL'));
  return { testName: evaluation.name, status, score: evaluation.value, label, errorMessage };
}
