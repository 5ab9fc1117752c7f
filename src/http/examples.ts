// Example values the OpenAPI document shows, shared by the surfaces that take the same shapes. Ids stand for
// items a client made first; any id the server handed out fits.
import type { ModelRunRecord } from '../domain/model-run-record.js';

export const EXAMPLE_IDS = {
  workflowTemplate: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f70',
  inputTemplate: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f71',
  outputTemplate: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f72',
  inputDataset: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f73',
  outputDataset: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f74',
  person: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f75',
  organisation: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f76',
  study: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f77',
  modelRun: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f78',
  model: '0191d2a4-5b7e-7c3a-9f10-2b3c4d5e6f79',
} as const;

export const EXAMPLE_MODEL_RUN_RECORD: ModelRunRecord = {
  workflow_template_id: EXAMPLE_IDS.workflowTemplate,
  model_version: '1.4.2',
  inputs: [
    {
      dataset_template_id: EXAMPLE_IDS.inputTemplate,
      dataset_id: EXAMPLE_IDS.inputDataset,
      dataset_type: 'DATA_STORE',
      resources: { config: 'configs/2019.yaml' },
    },
  ],
  outputs: [{ dataset_template_id: EXAMPLE_IDS.outputTemplate, dataset_id: EXAMPLE_IDS.outputDataset, dataset_type: 'DATA_STORE' }],
  annotations: { region: 'upper catchment' },
  display_name: 'Water balance, 2019',
  description: 'Daily water balance of the upper catchment under 2019 forcing',
  study_id: EXAMPLE_IDS.study,
  associations: { modeller_id: EXAMPLE_IDS.person, requesting_organisation_id: EXAMPLE_IDS.organisation },
  start_time: 1704067200,
  end_time: 1704070800,
};
