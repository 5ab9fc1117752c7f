// Provena's job vocabulary (AsyncJobModels): the types, sub-types and statuses provenaclient parses.
// Only values the client knows may be written: one unknown value fails the parse of a whole job list.

export const JOB_TYPES = ['PROV_LODGE', 'REGISTRY', 'EMAIL'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_SUB_TYPES = [
  'PROV_LODGE_WAKE_UP',
  'MODEL_RUN_PROV_LODGE',
  'MODEL_RUN_LODGE_ONLY',
  'MODEL_RUN_BATCH_SUBMIT',
  'LODGE_CREATE_ACTIVITY',
  'LODGE_VERSION_ACTIVITY',
  'MODEL_RUN_UPDATE',
  'MODEL_RUN_UPDATE_LODGE_ONLY',
  'REGISTRY_WAKE_UP',
  'REGISTER_CREATE_ACTIVITY',
  'REGISTER_VERSION_ACTIVITY',
  'EMAIL_WAKE_UP',
  'SEND_EMAIL',
] as const;
export type JobSubType = (typeof JOB_SUB_TYPES)[number];

/** DEQUEUED is Provena's too; runledger goes from PENDING straight to IN_PROGRESS. */
export const JOB_STATUSES = ['PENDING', 'DEQUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Times a job is taken before a job whose workers keep dying is given up as FAILED. */
export const MAX_JOB_ATTEMPTS = 5;

export const LODGE_FAILURE_PREFIX = 'Job failed, err: An error occurred while lodging the provenance record. Error: ';
export const BATCH_DISTRIBUTED = 'Successfully distributed batch jobs to queue.';
