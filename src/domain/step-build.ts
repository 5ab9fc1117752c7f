// How a triggered run's step builds its model, fixed when the run is compiled so that it executes what it
// was compiled from even if the model changes meanwhile. Stored with the step (run_steps.build).
import type { ModelConfig, ModelContract } from './model-settings.js';

export interface StepBuild {
  /** INCREMENTAL: unique_key, incremental_strategy and on_schema_change. */
  config?: ModelConfig;
  /** Checked against the built relation when `enforce` is set. */
  contract?: ModelContract;
  /**
   * An INCREMENTAL model compiled with is_incremental() true, for a table built before: the SELECT that
   * builds it whole instead, should the table be gone when the step runs (and the files that SELECT reads).
   */
  full_build?: { sql: string; files: string[] };
}
