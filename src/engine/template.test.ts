import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../domain/errors.js';
import { renderModel, type TemplateContext } from './template.js';

const ctx: TemplateContext = {
  project: 'shop',
  model: 'orders',
  materialization: 'INCREMENTAL',
  incremental: true,
  thisRelation: '"shop"."dev"."orders"',
  relations: { 'shop.stg_orders': '"shop"."dev"."stg_orders"', 'crm.customers': '"crm"."dev"."customers"', 'crm.stg_orders': '"crm"."dev"."stg_orders"' },
  sources: { 'raw.payments': "read_csv_auto('seeds/payments.csv')" },
  vars: { window_days: 7 },
  macros: ['cents_to_dollars'],
};

function faultOf(detail: RegExp) {
  return (err: AppError) => {
    assert.equal(err.definition.code, 'RL_TEMPLATE_INVALID');
    assert.match(err.detail, detail);
    return true;
  };
}

describe('model templates', () => {
  it('renders ref, source, var, this, is_incremental, config and macros, and records what was used', async () => {
    const template = [
      "{{ config(materialized='incremental', unique_key=['id']) }}",
      '{# orders since the last build #}',
      "{% set cols = ['id', 'amount'] %}",
      'SELECT {% for c in cols %}o.{{ c }}, {% endfor %}{{ cents_to_dollars("o.amount") }} AS dollars, c.name',
      "FROM {{ ref('stg_orders') }} o JOIN {{ ref('crm', 'customers') }} c USING (id), {{ source('raw', 'undeclared') }}, {{ source('raw', 'payments') }}",
      "WHERE o.day > current_date - {{ var('window_days') }} AND o.kind = '{{ var(\"kind\", \"web\") }}'",
      '{% if is_incremental() %}AND o.id > (SELECT max(id) FROM {{ this }}){% endif %}',
    ].join('\n');
    const out = await renderModel(template, ctx);
    assert.equal(
      out.sql,
      [
        '',
        '',
        'SELECT o.id, o.amount, cents_to_dollars(o.amount) AS dollars, c.name',
        `FROM "shop"."dev"."stg_orders" o JOIN "crm"."dev"."customers" c USING (id), "raw"."undeclared", read_csv_auto('seeds/payments.csv')`,
        "WHERE o.day > current_date - 7 AND o.kind = 'web'",
        'AND o.id > (SELECT max(id) FROM "shop"."dev"."orders")',
      ]
        .join('\n')
        .trim(),
    );
    assert.deepEqual(out.refs, ['crm.customers', 'shop.stg_orders']);
    assert.deepEqual(out.sources, ['raw.payments', 'raw.undeclared']);
    assert.deepEqual(out.varsUsed, ['kind', 'window_days']);
    assert.deepEqual(out.macrosUsed, ['cents_to_dollars']);
    assert.deepEqual(out.config, { materialized: 'incremental', unique_key: ['id'] });
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0]!, /raw', 'undeclared/);
    const first = await renderModel('SELECT 1 {% if is_incremental() %}WHERE false{% endif %}', { ...ctx, incremental: false });
    assert.equal(first.sql, 'SELECT 1');
  });

  it('names the model and line of a syntax error, an unclosed block and a stray end tag', async () => {
    await assert.rejects(renderModel('SELECT 1\nFROM t\n{{ ref( }}', ctx), faultOf(/^model shop\.orders, line 3: /));
    await assert.rejects(renderModel('SELECT 1\n{% if true %}\nWHERE x', ctx), faultOf(/line 2: .*never closed.*endif/));
    await assert.rejects(renderModel('SELECT 1\n\n{% endfor %}', ctx), faultOf(/line 3: .*endfor.*closes no open block/));
    await assert.rejects(renderModel('SELECT {{ 1 ', ctx), faultOf(/line 1: .*never closed/));
  });

  it('names the line of a fault found while rendering, inside loops and macros too', async () => {
    await assert.rejects(renderModel("SELECT *\nFROM {{ ref('nope') }}", ctx), faultOf(/^model shop\.orders, line 2: ref\('nope'\): no such model/));
    await assert.rejects(renderModel("SELECT 1\n-- a\n{% for i in [1] %}\n{{ var('missing') }}\n{% endfor %}", ctx), faultOf(/line 4: var\('missing'\) has no value/));
    await assert.rejects(renderModel("{% macro pick() %}\n{{ ref('stg_orders') }} {{ ref('x', 'y') }}\n{% endmacro %}\nSELECT * FROM {{ pick() }}", ctx), faultOf(/line 2: ref\('x', 'y'\): no such model/));
    await assert.rejects(renderModel("SELECT * FROM {{ ref('stg_orders') }}", { ...ctx, project: 'other' }), faultOf(/ambiguous: crm\.stg_orders, shop\.stg_orders/));
  });

  it('when lenient, renders a missing var NULL and a model not created yet by its name, and lists both', async () => {
    const out = await renderModel("SELECT {{ var('cutoff') }} AS c FROM {{ ref('later') }}, {{ ref('crm', 'soon') }}", { ...ctx, lenient: true });
    assert.equal(out.sql, 'SELECT NULL AS c FROM "shop"."later", "crm"."soon"');
    assert.deepEqual(out.missingVars, ['cutoff']);
    assert.deepEqual(out.refs, ['crm.soon', 'shop.later']);
  });

  it('gives a template nothing of Node: no constructors, no globals', async () => {
    const out = await renderModel("SELECT '{{ ''.constructor }}{{ ref.constructor }}{{ process }}{{ globalThis }}{{ require }}' AS x", ctx);
    assert.equal(out.sql, "SELECT '' AS x");
  });

  it('stops a render that loops too long or grows too large, and renders the next one', async () => {
    await assert.rejects(
      renderModel('{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}', ctx),
      faultOf(/took longer than 2000 ms|needed more than/),
    );
    await assert.rejects(renderModel(`{% for i in range(20000) %}${'x'.repeat(100)}{% endfor %}`, ctx), faultOf(/more than 1000000 characters/));
    await assert.rejects(renderModel('{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}', ctx), faultOf(/model shop\.orders/));
    assert.equal((await renderModel('SELECT 2', ctx)).sql, 'SELECT 2');
  });
});
