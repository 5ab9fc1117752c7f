// Every status and kind vocabulary of runs, steps and tests, and the predicates over them, in one place.

export const RUN_KINDS = ['registered', 'triggered', 'ingested'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'SKIPPED', 'CANCELLED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/**
 * The moves a worker makes on a step, each from the one status it may come from. Every other change of a
 * step is a run's end closing what is still open (PENDING or RUNNING), so a move whose step is no longer
 * in its from-status means the run ended under the worker.
 */
export const STEP_MOVES = { RUNNING: 'PENDING', SKIPPED: 'PENDING', SUCCESS: 'RUNNING', FAILED: 'RUNNING' } as const satisfies Record<string, StepStatus>;
export type StepMove = keyof typeof STEP_MOVES;

/** What a run's end closes: steps it ended before they did. */
export const OPEN_STEP_STATUSES = ['PENDING', 'RUNNING'] as const satisfies readonly StepStatus[];

export const TEST_STATUSES = ['PASS', 'FAIL', 'ERROR'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

export const TRIGGER_TYPES = ['MANUAL', 'SCHEDULED'] as const;

const TERMINAL_RUN: ReadonlySet<string> = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);

export function isTerminalRunStatus(status: string): boolean {
  return TERMINAL_RUN.has(status);
}

/** Only runs that have not finished can be cancelled (Models API: PENDING or RUNNING). */
export function isCancellable(status: string): boolean {
  return status === 'PENDING' || status === 'RUNNING';
}
