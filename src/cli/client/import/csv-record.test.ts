import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileCsvHeader } from './csv-record.js';

describe('compileCsvHeader', () => {
  const header = ['workflow_template_id', 'display_name', 'description', 'inputs', 'associations.modeller_id', 'annotations.region', 'start_time', 'end_time'];
  const read = compileCsvHeader(header);

  it('builds a record from one column per field', () => {
    const row = read(['wf', 'Run', 'd', '[{"dataset_id":"x"}]', 'p', 'murray', '1704067200', '2024-01-01T11:00:00+10:00']);
    assert.deepEqual(row, {
      record: {
        workflow_template_id: 'wf',
        display_name: 'Run',
        description: 'd',
        inputs: [{ dataset_id: 'x' }],
        outputs: [],
        associations: { modeller_id: 'p' },
        annotations: { region: 'murray' },
        start_time: 1704067200,
        end_time: 1704070800,
      },
    });
  });

  it('leaves empty cells out', () => {
    const row = read(['wf', 'Run', '', '', 'p', '', '1', '2']);
    assert.ok('record' in row);
    assert.equal('description' in row.record, false);
    assert.equal('annotations' in row.record, false);
    assert.deepEqual(row.record.inputs, []);
  });

  it('refuses a cell it cannot read, naming its field', () => {
    assert.deepEqual(read(['wf', 'R', 'd', '{"not":"a list"}', 'p', '', '1', '2']), { fault: { field: 'inputs', reason: 'inputs must be a JSON array' } });
    assert.equal((read(['wf', 'R', 'd', '', 'p', '', '2024-01-01T00:00:00', '2']) as { fault: { field: string } }).fault.field, 'start_time');
    assert.equal((read(['wf', 'R', 'd', '', 'p', '', '2024-01-01T00:00:00.5Z', '2']) as { fault: { reason: string } }).fault.reason, 'start_time has fractions of a second; records hold whole seconds');
    assert.equal((read(['wf', 'R']) as { fault: { reason: string } }).fault.reason, 'the row has 2 cells, the header 8');
  });

  it('takes a whole record from a record column, and ignores the others', () => {
    const whole = compileCsvHeader(['note', 'record']);
    assert.deepEqual(whole(['n', '{"display_name":"x"}']), { record: { display_name: 'x' } });
    assert.equal((whole(['n', '[1]']) as { fault: { field: string } }).fault.field, 'record');
  });

  it('refuses a header with unknown, repeated or clashing columns', () => {
    assert.throws(() => compileCsvHeader(['display_name', 'colour']), /"colour"/);
    assert.throws(() => compileCsvHeader(['display_name', 'display_name']), /twice/);
    assert.throws(() => compileCsvHeader(['annotations', 'annotations.region']), /one or the other/);
  });
});
