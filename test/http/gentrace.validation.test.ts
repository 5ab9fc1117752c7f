// Malformed Gentrace bodies: 400 problem+json naming the field as it was sent, with nothing stored;
// and credentials checked before the body.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countRows } from '../helpers/counts.js';
import { nestedBody, runBody, snakeBody, stepRun } from '../helpers/gentrace-bodies.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function expectRejected(url: string, body: unknown, detail: RegExp) {
  const before = await countRows(server.ctx.db);
  const res = await server.requestAs('writer', 'POST', url, body);
  assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 200)} → ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.equal(res.body.status, 400);
  assert.equal(res.body.error_code, 'RL_VALIDATION');
  assert.match(res.body.detail, detail);
  assert.deepEqual(await countRows(server.ctx.db), before, 'a rejected body stored nothing');
}

const withStep = (overrides: Record<string, unknown>, index = 0) => {
  const body = runBody();
  body.stepRuns[index] = stepRun(index, overrides);
  return body;
};
const { stepRuns: _omitted, ...noSteps } = runBody();
const deep = (levels: number): Record<string, unknown> => (levels === 0 ? {} : { next: deep(levels - 1) });

describe('POST /api/v1/run rejects', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['missing stepRuns', () => noSteps, /body\.stepRuns is required/],
    ['a non-ISO startTime', () => withStep({ startTime: 'yesterday' }), /body\.stepRuns\[0\]\.startTime must be an ISO 8601/],
    ['a time without an offset', () => withStep({ endTime: '2024-05-01T12:00:00' }), /body\.stepRuns\[0\]\.endTime must be an ISO 8601/],
    ['a date that does not exist', () => withStep({ startTime: '2023-02-29T12:00:00Z' }), /stepRuns\[0\]\.startTime/],
    [
      'endTime before startTime',
      () => withStep({ startTime: '2024-05-01T12:00:01Z', endTime: '2024-05-01T12:00:00.999Z' }, 1),
      /body\.stepRuns\[1\]\.endTime is before body\.stepRuns\[1\]\.startTime/,
    ],
    [
      'endTime before startTime by microseconds, across offsets',
      () => withStep({ startTime: '2024-05-01T14:00:00.000002+02:00', endTime: '2024-05-01T12:00:00.000001Z' }),
      /stepRuns\[0\]\.endTime is before/,
    ],
    ['string inputs', () => withStep({ inputs: 'a prompt' }), /body\.stepRuns\[0\]\.inputs must be object/],
    ['array inputs', () => withStep({ inputs: ['a prompt'] }), /body\.stepRuns\[0\]\.inputs must be object/],
    ['outputs nested too deep', () => withStep({ outputs: [deep(40)] }), /body\.stepRuns\[0\]\.outputs must not nest more than 32 levels/],
    ['non-object modelParams', () => withStep({ modelParams: 'gpt-4' }), /body\.stepRuns\[0\]\.modelParams must be object/],
    ['a negative elapsedTime', () => withStep({ elapsedTime: -1 }), /body\.stepRuns\[0\]\.elapsedTime must be >= 0/],
    ['a fractional elapsedTime', () => withStep({ elapsedTime: 1.5 }), /body\.stepRuns\[0\]\.elapsedTime must be integer/],
    ['a string elapsedTime', () => withStep({ elapsedTime: '250' }), /body\.stepRuns\[0\]\.elapsedTime must be integer/],
    ['a missing providerName', () => withStep({ providerName: undefined }), /body\.stepRuns\[0\]\.providerName is required/],
    ['neither slug nor name', () => runBody({ slug: undefined }), /body\.slug is required/],
    ['an id that is not a UUID', () => runBody({ id: 'run-1' }), /body\.id must match format "uuid"/],
    ['an unknown field that cannot be stored', () => runBody({ colour: 'r\u0000d' }), /body\.colour contains a NUL/],
    ['an unknown step field that cannot be stored', () => withStep({ cost: { usd: '\ud800' } }), /body\.stepRuns\[0\]\.cost\.usd contains/],
    ['an evaluation without a name', () => runBody({ evaluations: [{ value: 1 }] }), /body\.evaluations\[0\]\.name is required/],
    ['an evaluation whose value is text', () => runBody({ evaluations: [{ name: 'tone', value: 'good' }] }), /body\.evaluations\[0\]\.value must be number/],
    ['evaluations that are not a list', () => runBody({ evaluations: { name: 'tone', value: 1 } }), /body\.evaluations must be array/],
    ['a NUL character', () => withStep({ inputs: { prompt: 'a\u0000b' } }), /body\.stepRuns\[0\]\.inputs\.prompt contains a NUL/],
    ['an unpaired surrogate', () => withStep({ outputs: { v: '\ud800' } }), /body\.stepRuns\[0\]\.outputs\.v contains/],
    ['inputs nested too deep', () => withStep({ inputs: deep(70) }), /body\.stepRuns\[0\]\.inputs(\.next)+ nests deeper than 64/],
    ['a number too large', () => '{"id":"0b7ef7a4-3f2f-4f5e-9d55-3c1ee36a4d11","slug":"s","stepRuns":[' +
      JSON.stringify(stepRun(0, { inputs: { n: 1 } })).replace('"n":1', '"n":1e400') + ']}', /inputs\.n is a number too large/],
    ['more than 1000 step runs', () => runBody({}, 1001), /body\.stepRuns must NOT have more than 1000 items/],
    ['a body that is not JSON', () => '{"id": ', /JSON/i],
  ];
  for (const [name, body, detail] of cases) it(name, () => expectRejected('/api/v1/run', body(), detail));
});

describe('POST /api/v1/pipeline-run rejects', () => {
  const nested = (overrides: Record<string, unknown>) => nestedBody([stepRun(0, overrides)]);
  const snake = (overrides: Record<string, unknown>) => snakeBody([stepRun(0, overrides)]);
  const cases: [string, () => unknown, RegExp][] = [
    ['missing stepRuns', () => ({ name: 'p' }), /body\.stepRuns is required \(or step_runs\)/],
    ['missing name', () => nestedBody([stepRun(0)], { name: undefined }), /body\.name is required/],
    ['a non-ISO startTime', () => nested({ startTime: '01/05/2024' }), /body\.stepRuns\[0\]\.startTime must be an ISO 8601/],
    ['a snake_case non-ISO start_time', () => snake({ startTime: 'noon' }), /body\.step_runs\[0\]\.start_time must be an ISO 8601/],
    [
      'a snake_case end_time before start_time',
      () => snake({ startTime: '2024-05-01T12:00:01Z', endTime: '2024-05-01T12:00:00Z' }),
      /body\.step_runs\[0\]\.end_time is before body\.step_runs\[0\]\.start_time/,
    ],
    ['non-object provider.inputs', () => nested({ inputs: 42 }), /body\.stepRuns\[0\]\.provider\.inputs must be object/],
    ['non-object snake model_params', () => snake({ modelParams: [] }), /body\.step_runs\[0\]\.provider\.model_params must be object/],
    ['missing provider', () => ({ name: 'p', stepRuns: [{ elapsedTime: 1, startTime: 'x', endTime: 'y' }] }), /body\.stepRuns\[0\]\.provider is required/],
    ['missing provider.outputs', () => nested({ outputs: undefined }), /body\.stepRuns\[0\]\.provider\.outputs is required/],
    [
      'an unknown provider field that cannot be stored',
      () => {
        const body = nested({});
        (body.stepRuns[0]!.provider as Record<string, unknown>).region = 'eu\u0000';
        return body;
      },
      /body\.stepRuns\[0\]\.provider\.region contains a NUL/,
    ],
    ['both spellings of one field', () => ({ ...nestedBody([stepRun(0)]), step_runs: [] }), /body\.step_runs repeats body\.stepRuns/],
    ['a negative elapsed_time', () => snake({ elapsedTime: -5 }), /body\.step_runs\[0\]\.elapsed_time must be >= 0/],
  ];
  for (const [name, body, detail] of cases) it(name, () => expectRejected('/api/v1/pipeline-run', body(), detail));
});

describe('credentials', () => {
  it('takes an API key or a token as a bearer, and checks it before the body', async () => {
    const key = (await server.request('POST', '/api-keys', { name: 'bearer', role: 'writer' })).body.key;
    const asBearer = await server.request('POST', '/api/v1/run', runBody(), { authorization: `Bearer ${key}` });
    assert.equal(asBearer.status, 200);
    const asToken = await server.requestAs('admin', 'POST', '/api/v1/pipeline-run', nestedBody([stepRun(0)]));
    assert.equal(asToken.status, 200);

    const before = await countRows(server.ctx.db);
    const anonymous = await server.requestAs('anonymous', 'POST', '/api/v1/run', '{"not json');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrongKey = await server.request('POST', '/api/v1/run', runBody(), { authorization: 'Bearer rl_not-a-key' });
    assert.equal(wrongKey.status, 401);
    const reader = await server.requestAs('reader', 'POST', '/api/v1/run', runBody());
    assert.equal(reader.status, 403);
    assert.deepEqual(await countRows(server.ctx.db), before);
  });
});
