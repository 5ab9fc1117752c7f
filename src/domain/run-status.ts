// Every status and kind vocabulary of runs, steps and tests, and the predicates over them, in one place.

export const RUN_KINDS = ['registered', 'triggered', 'ingested'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['PENDING', 'RUNNING', 'SUCCESS', 'FAILED', 'SKIPPED', 'CANCELLED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

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
