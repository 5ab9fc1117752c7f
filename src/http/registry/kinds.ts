// Each registry kind's named schemas and the words its operationIds are made of. The registry's `models` are
// software (PROV entities), named RegistryModel so they do not take the SQL models' names (Model, listModels).
import type { TObject } from '@sinclair/typebox';
import { REGISTRY_KINDS, REGISTRY_KIND_NAMES, type RegistryBodies, type RegistryKind } from '../../domain/registry-schemas.js';
import { component, type Named } from '../components.js';
import { EXAMPLE_IDS } from '../examples.js';
import { itemResponse, pageOf } from './schemas.js';

const NAMES: Record<RegistryKind, { one: string; many: string }> = {
  persons: { one: 'Person', many: 'Persons' },
  organisations: { one: 'Organisation', many: 'Organisations' },
  models: { one: 'RegistryModel', many: 'RegistryModels' },
  studies: { one: 'Study', many: 'Studies' },
  'dataset-templates': { one: 'DatasetTemplate', many: 'DatasetTemplates' },
  'workflow-templates': { one: 'WorkflowTemplate', many: 'WorkflowTemplates' },
  datasets: { one: 'Dataset', many: 'Datasets' },
};


const EXAMPLES: { [K in RegistryKind]: RegistryBodies[K] } = {
  persons: { display_name: 'Ada Lovelace', email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace', orcid: '0000-0002-1825-0097' },
  organisations: { display_name: 'Hydrology Lab', name: 'Hydrology Laboratory', ror: 'https://ror.org/03qn8fb07' },
  models: {
    display_name: 'Catchment water balance',
    name: 'cwb',
    description: 'Daily water balance of a catchment',
    documentation_url: 'https://example.org/cwb/docs',
    source_url: 'https://example.org/cwb.git',
  },
  studies: { display_name: 'Drought 2019', title: 'Drought response of the upper catchment', description: 'Water balance runs under 2019 forcing' },
  'dataset-templates': {
    display_name: 'Forcing data',
    description: 'Daily climate forcing',
    defined_resources: [{ path: 'forcing/rain.csv', description: 'Daily rainfall (mm)', usage_type: 'FORCING_DATA' }],
    deferred_resources: [{ key: 'config', description: 'Run configuration', usage_type: 'CONFIG_FILE' }],
  },
  'workflow-templates': {
    display_name: 'Water balance workflow',
    software_id: EXAMPLE_IDS.model,
    input_templates: [{ template_id: EXAMPLE_IDS.inputTemplate }],
    output_templates: [{ template_id: EXAMPLE_IDS.outputTemplate }],
    annotations: { required: ['region'], optional: [] },
  },
  datasets: {
    display_name: 'Rainfall 2019',
    description: 'Daily rainfall at the upper catchment gauges',
    uri: 'https://example.org/data/rain-2019.csv',
    created_date: '2019-12-31',
    license: 'CC-BY-4.0',
  },
};

type ItemSchema = ReturnType<typeof itemResponse>;

export interface KindSchemas {
  /** The kind's name in operationIds, singular and plural (createPerson, listPersons). */
  one: string;
  many: string;
  /** What a client sends to create or replace an item. */
  input: Named<TObject>;
  /** The item as stored: the fields sent and those the server assigns. */
  item: Named<ItemSchema>;
  page: Named<ReturnType<typeof pageOf<Named<ItemSchema>>>>;
}

function kindSchemas(kind: RegistryKind): KindSchemas {
  const { one, many } = NAMES[kind];
  const body: TObject = REGISTRY_KINDS[kind];
  const item = component(one, itemResponse(body));
  return {
    one,
    many,
    input: component(`${one}Input`, body, { examples: [EXAMPLES[kind]] }),
    item,
    page: component(`${one}Page`, pageOf(item)),
  };
}

export const KIND_SCHEMAS = Object.fromEntries(REGISTRY_KIND_NAMES.map((kind) => [kind, kindSchemas(kind)])) as Record<RegistryKind, KindSchemas>;
