// A registry for register_complete, made through the HTTP API (bodies as in the test fixtures):
// one of each item a record refers to, plus a pool of datasets for the records to vary over.
import { expectStatus, requestJson } from './http.js';
import type { BenchServer } from './stores.js';

export interface RegisterWorld {
  person: string;
  organisation: string;
  study: string;
  inputTemplate: string;
  outputTemplate: string;
  workflow: string;
  datasets: string[];
}

type Create = (kind: string, body: Record<string, unknown>) => Promise<string>;

function creator(server: BenchServer, headers: Record<string, string>): Create {
  return async (kind, body) => {
    const reply = await requestJson(server, 'POST', `/registry/${kind}`, body, headers);
    expectStatus(reply, 201, `creating ${kind}`);
    return reply.body.id as string;
  };
}

async function createDatasets(create: Create, organisation: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  // Small batches: quicker than one at a time, without flooding the pool before the measured run.
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, j) => {
      const name = `Dataset ${start + j}`;
      return create('datasets', { display_name: name, description: name, publisher_id: organisation });
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

export async function buildRegisterWorld(
  server: BenchServer,
  headers: Record<string, string>,
  datasetCount: number,
): Promise<RegisterWorld> {
  const create = creator(server, headers);
  const person = await create('persons', {
    display_name: 'Modeller',
    email: 'modeller@example.org',
    first_name: 'Grace',
    last_name: 'Hopper',
  });
  const organisation = await create('organisations', { display_name: 'Org', name: 'Example Lab' });
  const model = await create('models', {
    display_name: 'Model',
    name: 'hydro',
    description: 'A hydrology model',
    documentation_url: 'https://example.org/docs',
    source_url: 'https://example.org/src',
  });
  const study = await create('studies', { display_name: 'Study', title: 'Catchment study', description: 'd' });
  const inputTemplate = await create('dataset-templates', {
    display_name: 'Input template',
    defined_resources: [{ path: 'forcing.nc', description: 'forcing', usage_type: 'FORCING_DATA' }],
    deferred_resources: [
      { key: 'config', description: 'run config', usage_type: 'CONFIG_FILE' },
      { key: 'extra', description: 'optional', usage_type: 'GENERAL_DATA', optional: true },
    ],
  });
  const outputTemplate = await create('dataset-templates', {
    display_name: 'Output template',
    defined_resources: [],
    deferred_resources: [],
  });
  const workflow = await create('workflow-templates', {
    display_name: 'Workflow',
    software_id: model,
    input_templates: [{ template_id: inputTemplate }],
    output_templates: [{ template_id: outputTemplate }],
    annotations: { required: ['region'], optional: ['note'] },
  });
  const datasets = await createDatasets(create, organisation, datasetCount);
  return { person, organisation, study, inputTemplate, outputTemplate, workflow, datasets };
}

/** Record n: a valid ModelRunRecord whose input and output datasets differ from record to record. */
export function recordBody(world: RegisterWorld, n: number): Record<string, unknown> {
  const pool = world.datasets;
  const input = pool[n % pool.length]!;
  // Never the input itself when the pool size is even: 7n + 1 ≡ n would need 6n odd.
  const output = pool[(n * 7 + 1) % pool.length]!;
  return {
    workflow_template_id: world.workflow,
    inputs: [{ dataset_template_id: world.inputTemplate, dataset_id: input, dataset_type: 'DATA_STORE', resources: { config: 'run.yaml' } }],
    outputs: [{ dataset_template_id: world.outputTemplate, dataset_id: output, dataset_type: 'DATA_STORE' }],
    annotations: { region: 'murray' },
    display_name: `Bench run ${n}`,
    description: 'A calibration run',
    study_id: world.study,
    associations: { modeller_id: world.person, requesting_organisation_id: world.organisation },
    start_time: 1_700_000_000 + n,
    end_time: 1_700_003_600 + n,
  };
}
