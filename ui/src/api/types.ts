// Wire types come from the server's own TypeBox schemas (type-only imports: nothing of the server is
// bundled), so the UI and the API never disagree about a shape.
import type { Static } from '@sinclair/typebox';
import type { LineageResponseSchema } from '../../../src/http/explore/schemas';
import type { ApiKeySchema, CreatedApiKeySchema, UserSchema, WhoAmISchema } from '../../../src/http/auth/schemas';

export type { RunView as Run, StepView as Step, TestResultView as TestResult } from '../../../src/domain/run-schemas';
export type { LineageNode, LineageEdge, ItemCategory, Relation } from '../../../src/domain/lineage-vocabulary';
/** The answer of /explore/upstream and /explore/downstream. */
export type LineageAnswer = Static<typeof LineageResponseSchema>;
export type Me = Static<typeof WhoAmISchema>;
export type User = Static<typeof UserSchema>;
export type ApiKey = Static<typeof ApiKeySchema>;
export type CreatedApiKey = Static<typeof CreatedApiKeySchema>;
export type { RunKind, RunStatus } from '../../../src/domain/run-status';
