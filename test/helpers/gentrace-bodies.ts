// Request bodies for the Gentrace surface: the SDK's flattened shape, the original nested shape and the
// Python SDK's snake_case variant, each from the same step runs.
import { randomUUID } from 'node:crypto';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

export interface StepRunBody {
  providerName: string;
  invocation: string;
  modelParams: Record<string, unknown>;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  elapsedTime: number;
  startTime: string;
  endTime: string;
  [field: string]: unknown;
}

export function stepRun(i: number, overrides: Record<string, unknown> = {}): StepRunBody {
  const start = T0 + i * 1000;
  return {
    providerName: 'openai',
    invocation: 'openai_createChatCompletion',
    modelParams: { model: 'gpt-4o', temperature: 0 },
    inputs: { prompt: `question ${i}` },
    outputs: { value: `answer ${i}` },
    elapsedTime: 250,
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + 250).toISOString(),
    context: {},
    ...overrides,
  };
}

/** POST /api/v1/run, as @gentrace/core sends it. */
export function runBody(overrides: Record<string, unknown> = {}, steps = 2) {
  return {
    id: randomUUID(),
    slug: 'answer-question',
    metadata: {},
    collectionMethod: 'runner',
    stepRuns: Array.from({ length: steps }, (_, i) => stepRun(i)),
    ...overrides,
  };
}

/** POST /api/v1/pipeline-run, Gentrace's original nested shape. */
export function nestedBody(steps: StepRunBody[], overrides: Record<string, unknown> = {}) {
  return {
    name: 'answer-question',
    stepRuns: steps.map((s) => ({
      provider: { name: s.providerName, invocation: s.invocation, modelParams: s.modelParams, inputs: s.inputs, outputs: s.outputs },
      elapsedTime: s.elapsedTime,
      startTime: s.startTime,
      endTime: s.endTime,
    })),
    ...overrides,
  };
}

/** The same, with the Python SDK's snake_case keys. */
export function snakeBody(steps: StepRunBody[], overrides: Record<string, unknown> = {}) {
  return {
    name: 'answer-question',
    step_runs: steps.map((s) => ({
      provider: { name: s.providerName, invocation: s.invocation, model_params: s.modelParams, inputs: s.inputs, outputs: s.outputs },
      elapsed_time: s.elapsedTime,
      start_time: s.startTime,
      end_time: s.endTime,
    })),
    ...overrides,
  };
}

/**
 * POST /api/v1/run as @gentrace/core 3.x posts it: `PipelineRun.toObject()` (gentrace-node
 * packages/core/providers/pipeline-run.ts, 3.0.0–3.5.8) adds `evaluations`, the LocalEvaluation items of
 * `addEval()` ({name, value, label?, debug?}), and leaves out undefined `previousRunId` and `error`. `path`
 * (RunPathSection[], {type: "suite", name}) and a step run's `cost` are fields of the same SDK's run models
 * (FullRun, RunV2StepRunsInner) that clients send too; with `extraStepField` they stand for any field
 * runledger has not met.
 */
export function sdk3RunBody(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    slug: 'grade-essay',
    metadata: {},
    collectionMethod: 'runner',
    stepRuns: [
      { ...stepRun(0), cost: 0.0042, extraStepField: { tokens: { prompt: 12, completion: 30 } } },
      { ...stepRun(1, { outputs: ['a', 'b'] }), cost: 0.001 },
    ],
    evaluations: [
      { name: 'relevance', value: 0.9 },
      { name: 'brevity', value: 0.2, label: null },
      { name: 'tone', value: 0, label: 'pass', debug: { resolvedPrompt: 'Is the tone polite?', response: 'pass' } },
      { name: 'grammar', value: 0, debug: { error: { message: 'evaluator timed out', date: '2024-05-01T12:00:05.000Z' } } },
    ],
    path: [{ type: 'suite', name: 'essays' }],
    ...overrides,
  };
}
