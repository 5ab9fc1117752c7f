// The RFC 9457 problem document every error response uses, and helpers to declare them per route.
import { Type, type TSchema } from '@sinclair/typebox';
import { component } from './components.js';

/** The DuckDB Data Platform's `Error.message` holds 1 to 4096 characters. */
export const PLATFORM_MESSAGE_MAX = 4096;

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.Integer({ minimum: 100, maximum: 599, description: 'The HTTP status again: the DuckDB Data Platform’s `Error.code`' }),
    message: Type.String({ minLength: 1, maxLength: PLATFORM_MESSAGE_MAX, description: '`detail` again (its first 4096 characters): the Data Platform’s `Error.message`' }),
    error_code: Type.String({ description: 'runledger’s stable error code (`RL_…`, docs/errors.md)' }),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: 'RFC 9457 problem details, readable as the DuckDB Data Platform’s `Error` too' },
);

const PROBLEM_REF = component('Problem', ProblemSchema);

/** Response schemas for the given error statuses, all the same problem document. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, PROBLEM_REF]));
}
