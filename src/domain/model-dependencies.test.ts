import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelIndex, modelGraph } from './model-dependencies.js';

const models = [
  { project_name: 'shop', name: 'orders', depends_on: ['source:raw.orders'] },
  { project_name: 'shop', name: 'report', depends_on: ['orders', 'crm.customers', 'shop.report', 'lonely', 'raw.unknown'] },
  { project_name: 'crm', name: 'customers', depends_on: [] },
  { project_name: 'crm', name: 'orders', depends_on: [] },
  { project_name: 'crm', name: 'lonely', depends_on: [] },
];

describe('model dependencies', () => {
  it('resolves a bare name in the own project first, else to the one model of that name', () => {
    const index = new ModelIndex(models);
    assert.equal(index.resolve('orders', 'shop'), 'shop.orders');
    assert.equal(index.resolve('lonely', 'shop'), 'crm.lonely');
    assert.equal(index.resolve('orders', 'elsewhere'), undefined, 'two models named orders: ambiguous');
    assert.equal(index.resolve('raw.unknown', 'shop'), undefined, 'a qualified name must name a model');
    assert.equal(index.resolve('source:raw.orders', 'shop'), 'source:raw.orders');
  });

  it('lists a model’s dependencies sorted, without itself, and graphs only edges between models', () => {
    const index = new ModelIndex(models);
    assert.deepEqual(index.dependenciesOf(models[1]!), ['crm.customers', 'crm.lonely', 'shop.orders']);
    assert.deepEqual(index.dependenciesOf(models[0]!), ['source:raw.orders']);
    const graph = modelGraph(models);
    assert.deepEqual(graph[0], { name: 'shop.orders', depends_on: [] }, 'a source is no edge');
  });
});
