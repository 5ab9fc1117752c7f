// A backup's hold on a warehouse file: it waits for the run inside, keeps runs out and refuses queries meanwhile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WarehouseBusyError } from './warehouse-errors.js';
import { WarehouseGate } from './warehouse-gate.js';

/** Resolves once every callback queued so far has run: what is still pending then is waiting on something. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function track<T>(promise: Promise<T>): { done: () => boolean; value: Promise<T> } {
  let done = false;
  void promise.then(() => (done = true));
  return { done: () => done, value: promise };
}

describe('WarehouseGate.hold', () => {
  it('waits for the writer inside, then keeps writers waiting and refuses readers until released', async () => {
    const gate = new WarehouseGate();
    const leaveRun = await gate.enterWriter('a.duckdb');
    const hold = track(gate.hold('a.duckdb'));
    await settle();
    assert.equal(hold.done(), false, 'the run is still inside');
    leaveRun();
    const release = await hold.value;

    assert.throws(() => gate.enterReader('a.duckdb', 'a'), WarehouseBusyError);
    const nextRun = track(gate.enterWriter('a.duckdb'));
    await settle();
    assert.equal(nextRun.done(), false, 'a run waits for the backup');
    // Another file is not held.
    (await gate.enterWriter('b.duckdb'))();

    release();
    (await nextRun.value)();
    gate.enterReader('a.duckdb', 'a')();
  });

  it('waits for readers inside, and a second hold waits for the first', async () => {
    const gate = new WarehouseGate();
    const leaveQuery = gate.enterReader('a.duckdb', 'a');
    const first = track(gate.hold('a.duckdb'));
    await settle();
    assert.equal(first.done(), false, 'the query is still inside');
    leaveQuery();
    const releaseFirst = await first.value;
    const second = track(gate.hold('a.duckdb'));
    await settle();
    assert.equal(second.done(), false);
    releaseFirst();
    (await second.value)();
  });
});
