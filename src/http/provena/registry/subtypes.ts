// Each Provena item subtype's domain info as a named schema, with an example, and the words its operationIds
// are made of (fetchProvenaPerson, listProvenaPersons).
import type { TObject } from '@sinclair/typebox';
import type { CollectionFormat } from '../../../domain/provena/collection-format.js';
import { DOMAIN_INFO_SCHEMAS } from '../../../domain/provena/domain-info.js';
import { ITEM_SUBTYPE_NAMES, type ProvenaSubtype } from '../../../domain/provena/subtypes.js';
import { component, type Named } from '../../components.js';
import { EXAMPLE_IDS, EXAMPLE_MODEL_RUN_RECORD } from '../../examples.js';

const NAMES: Record<ProvenaSubtype, { one: string; many: string }> = {
  ORGANISATION: { one: 'Organisation', many: 'Organisations' },
  PERSON: { one: 'Person', many: 'Persons' },
  MODEL: { one: 'Model', many: 'Models' },
  MODEL_RUN_WORKFLOW_TEMPLATE: { one: 'ModelRunWorkflowTemplate', many: 'ModelRunWorkflowTemplates' },
  DATASET_TEMPLATE: { one: 'DatasetTemplate', many: 'DatasetTemplates' },
  DATASET: { one: 'Dataset', many: 'Datasets' },
  STUDY: { one: 'Study', many: 'Studies' },
  CREATE: { one: 'CreateActivity', many: 'CreateActivities' },
  VERSION: { one: 'VersionActivity', many: 'VersionActivities' },
  MODEL_RUN: { one: 'ModelRun', many: 'ModelRuns' },
};

export const EXAMPLE_COLLECTION_FORMAT: CollectionFormat = {
  associations: { organisation_id: EXAMPLE_IDS.organisation, data_custodian_id: EXAMPLE_IDS.person },
  approvals: { ethics_registration: {}, ethics_access: {}, indigenous_knowledge: {}, export_controls: {} },
  dataset_info: {
    name: 'Rainfall 2019',
    description: 'Daily rainfall at the upper catchment gauges',
    access_info: { reposited: true },
    publisher_id: EXAMPLE_IDS.organisation,
    created_date: { relevant: true, value: '2019-12-31' },
    published_date: { relevant: false },
    license: 'https://creativecommons.org/licenses/by/4.0/',
    keywords: ['rainfall'],
  },
};

const EXAMPLES: Record<ProvenaSubtype, Record<string, unknown>> = {
  ORGANISATION: { display_name: 'Hydrology Lab', name: 'Hydrology Laboratory', ror: 'https://ror.org/03qn8fb07' },
  PERSON: { display_name: 'Ada Lovelace', email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace', orcid: 'https://orcid.org/0000-0002-1825-0097' },
  MODEL: {
    display_name: 'Catchment water balance',
    name: 'cwb',
    description: 'Daily water balance of a catchment',
    documentation_url: 'https://example.org/cwb/docs',
    source_url: 'https://example.org/cwb.git',
  },
  MODEL_RUN_WORKFLOW_TEMPLATE: {
    display_name: 'Water balance workflow',
    software_id: EXAMPLE_IDS.model,
    input_templates: [{ template_id: EXAMPLE_IDS.inputTemplate }],
    output_templates: [{ template_id: EXAMPLE_IDS.outputTemplate }],
    annotations: { required: ['region'], optional: [] },
  },
  DATASET_TEMPLATE: {
    display_name: 'Forcing data',
    description: 'Daily climate forcing',
    defined_resources: [{ path: 'forcing/rain.csv', description: 'Daily rainfall (mm)', usage_type: 'FORCING_DATA' }],
    deferred_resources: [{ key: 'config', description: 'Run configuration', usage_type: 'CONFIG_FILE' }],
  },
  DATASET: {
    display_name: 'Rainfall 2019',
    collection_format: EXAMPLE_COLLECTION_FORMAT,
    s3: { bucket_name: 'runledger', path: 'datasets/rain-2019/', s3_uri: 's3://runledger/datasets/rain-2019/' },
    release_status: 'NOT_RELEASED',
  },
  STUDY: { display_name: 'Drought 2019', title: 'Drought response of the upper catchment', description: 'Water balance runs under 2019 forcing' },
  CREATE: { display_name: 'Created Rainfall 2019', created_item_id: EXAMPLE_IDS.inputDataset },
  VERSION: { display_name: 'Version 2 of Catchment water balance', reason: 'Release 1.5', from_item_id: EXAMPLE_IDS.model, to_item_id: EXAMPLE_IDS.modelRun, new_version_number: 2 },
  MODEL_RUN: { display_name: 'Water balance, 2019', record_status: 'LODGED', record: EXAMPLE_MODEL_RUN_RECORD, prov_serialisation: '{}' },
};

export interface SubtypeSchemas {
  one: string;
  many: string;
  /** The domain info create, update and validate take. */
  domainInfo: Named<TObject>;
}

export const SUBTYPE_SCHEMAS = Object.fromEntries(
  ITEM_SUBTYPE_NAMES.map((subtype): [ProvenaSubtype, SubtypeSchemas] => {
    const { one, many } = NAMES[subtype];
    const domainInfo = component(`Provena${one}DomainInfo`, DOMAIN_INFO_SCHEMAS[subtype], { examples: [EXAMPLES[subtype]] });
    return [subtype, { one, many, domainInfo }];
  }),
) as Record<ProvenaSubtype, SubtypeSchemas>;
