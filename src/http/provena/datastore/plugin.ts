// The data store's dataset registration and reads (data-store-api routes/register, routes/registry/items).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CollectionFormatSchema, collectionFormatFault, type CollectionFormat } from '../../../domain/provena/collection-format.js';
import { callerOf } from '../../../services/provena/caller.js';
import { fetchDataset, mintDataset, updateDatasetMetadata } from '../../../services/provena/datastore.js';
import { listTyped, type ListRequest } from '../../../services/provena/registry-lists.js';
import { FastapiValidationError } from '../fastapi/errors.js';
import { component, described } from '../../components.js';
import { AnyItem, BAD_REQUEST, ProvenaListResponse, StatusSchema } from '../registry/schemas.js';
import { EXAMPLE_COLLECTION_FORMAT } from '../registry/subtypes.js';

const tags = ['provena data store'];
const caller = (req: FastifyRequest) => callerOf(req.principal ?? null);

const S3LocationSchema = Type.Object({ bucket_name: Type.String(), path: Type.String(), s3_uri: Type.String() });
const MintResponse = component('ProvenaMintResponse', Type.Object({
  status: StatusSchema,
  handle: Type.Optional(Type.String()),
  s3_location: Type.Optional(S3LocationSchema),
  register_create_activity_session_id: Type.Optional(Type.String()),
}));
const UpdateMetadataResponse = component(
  'ProvenaUpdateMetadataResponse',
  Type.Object({ status: StatusSchema, handle: Type.String(), s3_location: S3LocationSchema }),
);
const DatasetFetchResponse = component('ProvenaDatasetFetchResponse', Type.Object({
  status: StatusSchema,
  item: Type.Optional(AnyItem),
  roles: Type.Optional(Type.Array(Type.String())),
  locked: Type.Optional(Type.Boolean()),
}));
const NoFilterListRequestSchema = Type.Object(
  {
    sort_by: Type.Optional(
      Type.Object(
        {
          sort_type: Type.Optional(Type.Union(['CREATED_TIME', 'UPDATED_TIME', 'DISPLAY_NAME'].map((v) => Type.Literal(v)))),
          ascending: Type.Optional(Type.Boolean({ default: false })),
        },
        { additionalProperties: false },
      ),
    ),
    pagination_key: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
  },
  { additionalProperties: false },
);
const DatasetListRequest = component('ProvenaDatasetListRequest', NoFilterListRequestSchema, {
  examples: [{ sort_by: { sort_type: 'CREATED_TIME', ascending: false }, page_size: 20 }],
});
const CollectionFormatBody = component('ProvenaCollectionFormat', CollectionFormatSchema, { examples: [EXAMPLE_COLLECTION_FORMAT] });

function checkMetadata(cf: CollectionFormat): CollectionFormat {
  const fault = collectionFormatFault(cf);
  if (fault) throw new FastapiValidationError([{ loc: ['body', ...fault[0], '__root__'], msg: fault[1], type: 'value_error' }]);
  return cf;
}

export default async function provenaDatastorePlugin(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/register/mint-dataset', {
    schema: {
      tags,
      summary: 'Register a dataset from its metadata',
      operationId: 'mintProvenaDatastoreDataset',
      body: CollectionFormatBody,
      response: { 200: described(MintResponse, 'The dataset’s handle and storage location (or why it was refused)') },
    },
    config: { access: 'write' },
    handler: async (req) => mintDataset(req.ctx, checkMetadata(req.body), caller(req)),
  });
  r.post('/register/update-metadata', {
    schema: {
      tags,
      summary: "Replace a dataset's metadata, keeping its location and release state",
      operationId: 'updateProvenaDatastoreDatasetMetadata',
      querystring: Type.Object({ handle_id: Type.String(), reason: Type.String() }),
      body: CollectionFormatBody,
      response: { 200: described(UpdateMetadataResponse, 'The metadata is replaced: the dataset’s handle and location'), ...BAD_REQUEST },
    },
    config: { access: 'write' },
    handler: async (req) => updateDatasetMetadata(req.ctx, req.query.handle_id, req.query.reason, checkMetadata(req.body), caller(req)),
  });
  r.get('/registry/items/fetch-dataset', {
    schema: {
      tags,
      summary: 'Fetch a dataset',
      operationId: 'fetchProvenaDatastoreDataset',
      querystring: Type.Object({ handle_id: Type.String() }),
      response: { 200: described(DatasetFetchResponse, 'The dataset, your roles on it and whether it is locked'), ...BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => fetchDataset(req.ctx, req.query.handle_id, caller(req)),
  });
  r.post('/registry/items/list', {
    schema: {
      tags,
      summary: 'List datasets, a page at a time',
      operationId: 'listProvenaDatastoreDatasets',
      body: DatasetListRequest,
      response: { 200: described(ProvenaListResponse, 'A page of datasets, and the key of the next'), ...BAD_REQUEST },
    },
    config: { access: 'read' },
    handler: async (req) => listTyped(req.ctx, 'DATASET', req.body as ListRequest, caller(req)),
  });
}
