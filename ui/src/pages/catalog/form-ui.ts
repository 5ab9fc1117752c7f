// The uiSchema a registry schema is drawn with: readable titles, ids of other items picked from their kind,
// long text in a text area. Derived from the schema alone, so a field added on the server shows up here.
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { humanise, REFERENCE_FIELDS } from './kinds';

const LONG_TEXT = new Set(['description']);

const singular = (words: string) => words.replace(/s$/, '');

/** What one entry of an array is called: "Input template" of input_templates, "Required annotation" of annotations.required. */
function entryTitle(name: string, parent: string | undefined): string {
  const title = humanise(name);
  if (singular(title) !== title) return singular(title);
  return parent ? `${title} ${singular(humanise(parent)).toLowerCase()}` : `${title} entry`;
}

export function uiSchemaFor(schema: RJSFSchema, name?: string, parent?: string): UiSchema {
  const ui: UiSchema = {};
  if (name !== undefined) ui['ui:title'] = humanise(name);
  if (name !== undefined && schema.type === 'string') {
    const kind = REFERENCE_FIELDS[name];
    if (kind) {
      ui['ui:widget'] = 'registryRef';
      ui['ui:options'] = { kind };
    } else if (LONG_TEXT.has(name)) {
      ui['ui:widget'] = 'textarea';
      ui['ui:options'] = { rows: 3 };
    }
  }
  if (schema.type === 'object' && schema.properties) {
    for (const [key, child] of Object.entries(schema.properties)) {
      if (typeof child === 'object') ui[key] = uiSchemaFor(child, key, name);
    }
    // Free-form metadata is the least used part of every item: last.
    if ('user_metadata' in schema.properties) ui['ui:order'] = ['*', 'user_metadata'];
  }
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
    const items = uiSchemaFor(schema.items);
    if (name !== undefined) items['ui:title'] = entryTitle(name, parent);
    ui.items = items;
  }
  return ui;
}

/** The root schema without its own description, which the page shows in its heading instead. */
export function formSchema(schema: RJSFSchema): RJSFSchema {
  const { description: _d, ...rest } = schema;
  return rest;
}
