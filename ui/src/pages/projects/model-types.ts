// Wire shapes of the Models API, from the server's own schemas (type-only: nothing of the server is bundled).
import type { Static } from '@sinclair/typebox';
import type { FreshnessStatusSchema } from '../../../../src/domain/freshness';
import type { TriggerModelRunSchema } from '../../../../src/domain/model-run-request';
import type { Materialization, ModelPatch, ModelSchema, ModelTestSchema, NewModelTestSchema, TestType } from '../../../../src/domain/models';

export type Model = Static<typeof ModelSchema>;
export type ModelTest = Static<typeof ModelTestSchema>;
export type NewModelTest = Static<typeof NewModelTestSchema>;
export type Freshness = Static<typeof FreshnessStatusSchema>;
export type TriggerModelRun = Static<typeof TriggerModelRunSchema>;
export type { Materialization, ModelPatch, TestType };

/** The server's test types, checked against its union (a value import would bundle the server's schemas). */
export const TEST_TYPES = ['not_null', 'unique', 'accepted_values', 'relationships', 'custom_sql'] as const satisfies readonly TestType[];

export const MATERIALIZATIONS = ['VIEW', 'TABLE', 'INCREMENTAL', 'EPHEMERAL'] as const satisfies readonly Materialization[];
