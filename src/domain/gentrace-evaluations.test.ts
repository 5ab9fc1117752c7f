import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PASS_SCORE, evaluationResult } from './gentrace-evaluations.js';

describe('evaluationResult', () => {
  it('passes a score at or above the middle of 0–1 and fails one below it', () => {
    assert.equal(evaluationResult({ name: 'relevance', value: PASS_SCORE }).status, 'PASS');
    assert.equal(evaluationResult({ name: 'relevance', value: 1 }).status, 'PASS');
    assert.equal(evaluationResult({ name: 'relevance', value: 0.49 }).status, 'FAIL');
    assert.equal(evaluationResult({ name: 'relevance', value: 0, label: null }).status, 'FAIL');
  });

  it('lets a verdict label decide over the score, and keeps any other label without deciding', () => {
    assert.equal(evaluationResult({ name: 'tone', value: 0, label: ' Pass ' }).status, 'PASS');
    assert.equal(evaluationResult({ name: 'tone', value: 1, label: 'FAILED' }).status, 'FAIL');
    assert.equal(evaluationResult({ name: 'tone', value: 1, label: 'no' }).status, 'FAIL');
    const graded = evaluationResult({ name: 'grade', value: 0.8, label: 'B' });
    assert.deepEqual(graded, { testName: 'grade', status: 'PASS', score: 0.8, label: 'B', errorMessage: null });
  });

  it('is an ERROR when the evaluator failed, with its message', () => {
    const failed = evaluationResult({ name: 'grammar', value: 1, label: 'pass', debug: { error: { message: 'timed out' } } });
    assert.equal(failed.status, 'ERROR');
    assert.equal(failed.errorMessage, 'timed out');
    assert.equal(evaluationResult({ name: 'grammar', value: 1, debug: { error: {} } }).errorMessage, 'the evaluator failed');
    assert.equal(evaluationResult({ name: 'grammar', value: 1, debug: { logs: [] } }).status, 'PASS');
  });
});
