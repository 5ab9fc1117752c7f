import { Type } from '@sinclair/typebox';
import { PipelineRunRequestSchema, RunRequestSchema } from '../../domain/gentrace.js';
import { PipelineListSchema, PipelineRunResponseSchema, RunV2Schema } from '../../domain/gentrace-views.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { component } from '../components.js';

export const PipelineListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    slug: Type.Optional(Type.String({ description: 'Only the pipeline with this slug' })),
    label: Type.Optional(Type.String({ description: 'Only pipelines with this label (ingestion sets none)' })),
  }),
]);

export const RunV2Params = Type.Object({ id: Type.String() });

// One model call, as each request shape's example carries it (flat in a run's step, under `provider` in a
// pipeline run's).
const CALL = { modelParams: { model: 'gpt-4' }, inputs: { prompt: 'Write a short greeting' }, outputs: { value: 'Hello!' } };
const TIMING = { elapsedTime: 1250, startTime: '2024-01-01T09:00:00.000Z', endTime: '2024-01-01T09:00:01.250Z' };

export const GentraceRunRequest = component('GentraceRunRequest', RunRequestSchema, {
  examples: [
    {
      id: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f80',
      slug: 'write-email',
      metadata: {},
      collectionMethod: 'runner',
      stepRuns: [
        { providerName: 'openai', invocation: 'openai_createChatCompletion', ...CALL, ...TIMING },
      ],
    },
  ],
});
export const GentracePipelineRunRequest = component('GentracePipelineRunRequest', PipelineRunRequestSchema, {
  examples: [
    {
      name: 'write-email',
      stepRuns: [
        { provider: { name: 'openai', invocation: 'openai_createCompletion', ...CALL }, ...TIMING },
      ],
    },
  ],
});
export const GentracePipelineRunResponse = component('GentracePipelineRunResponse', PipelineRunResponseSchema);
export const GentracePipelineList = component('GentracePipelineList', PipelineListSchema);
export const GentraceRunV2 = component('GentraceRunV2', RunV2Schema);
