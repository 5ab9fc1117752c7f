import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeCsv } from './csv-text.js';
import { pythonList } from './headers.js';
import { formatTemplateTime, parseTemplateTime } from './times.js';

describe('template times', () => {
  it('read as Python fromisoformat reads them', () => {
    assert.equal(parseTemplateTime('2024-01-01 00:00:00+10:00'), 1_704_031_200);
    assert.equal(parseTemplateTime('2024/01/01T00:00:00+10:00'), 1_704_031_200);
    assert.equal(parseTemplateTime('2024-01-01 00:00-03:30'), 1_704_079_800);
    assert.equal(parseTemplateTime('2024-02-29 12:00:00.999999Z'), 1_709_208_000);
    assert.equal(parseTemplateTime('2024-01-01'), new Date(2024, 0, 1).getTime() / 1000, 'a date alone is local midnight');
    for (const bad of ['2023-02-29 00:00:00', '2024-13-01', '2024-01-01 12:60', '2024-01-01 00:00:00+24:00', '24-01-01', '2024-01-01 00:00:00 +10:00', ''])
      assert.equal(parseTemplateTime(bad), undefined, bad);
  });

  it('written in the local zone with its offset, and read back to the same second', () => {
    for (const t of [0, 1_704_031_200, 1_719_792_000]) {
      const text = formatTemplateTime(t);
      assert.match(text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      assert.equal(parseTemplateTime(text), t);
    }
  });
});

describe('CSV text and messages', () => {
  it('quotes as csv.writer does: only fields holding a comma, a quote or a line break', () => {
    assert.equal(writeCsv([['a b', 'c,d', 'e"f', 'g\rh', ''], ['x']]), 'a b,"c,d","e""f","g\rh",\r\nx\r\n');
  });

  it("quotes a list as Python's repr", () => {
    assert.equal(pythonList(['a', "it's", 'b\\c']), `['a', "it's", 'b\\\\c']`);
  });
});
