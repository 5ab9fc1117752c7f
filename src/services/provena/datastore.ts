// The data store's dataset routes (§6): a DATASET is a registry item kept whole — its CollectionFormat, the
// S3 location Provena would give it and its release state. runledger stores no files: the location is a name.
import { dataStoreFault, referencesOfCollection, s3LocationOf, type CollectionFormat } from '../../domain/provena/collection-format.js';
import type { DomainInfo } from '../../domain/provena/domain-info.js';
import { SUBTYPES, canEdit, canRead } from '../../domain/provena/subtypes.js';
import { insertWholeItem, writeItemBody } from '../../store/provena-registry.js';
import type { Db } from '../../store/schema.js';
import type { ServiceContext } from '../context.js';
import { LOCKED_DETAIL, badRequest, failed, notAuthorised, succeeded, type Caller } from './caller.js';
import { badReference, findProvenaItem, rolesOn } from './registry-reads.js';
import { newWholeItem, nodeFor } from './registry-writes.js';

/** The bucket named in dataset locations. */
export const DATASET_BUCKET = 'runledger-datastore';

async function registryFault(db: Db, cf: CollectionFormat): Promise<string | undefined> {
  const bad = await badReference(db, referencesOfCollection(cf));
  return bad ? `Registry API responded with an error during validation: ${bad.field} "${bad.id}" is not a complete ${bad.subtype} item.` : undefined;
}

function metadataFields(cf: CollectionFormat) {
  const uri = cf.dataset_info.access_info.uri;
  return {
    display_name: cf.dataset_info.name,
    ...(cf.dataset_info.user_metadata ? { user_metadata: cf.dataset_info.user_metadata } : {}),
    collection_format: cf,
    ...(uri !== undefined ? { access_info_uri: uri } : {}),
  };
}

export async function mintDataset(ctx: ServiceContext, cf: CollectionFormat, caller: Caller) {
  const fieldFault = dataStoreFault(cf);
  if (fieldFault) return failed(`Failed field value validation: ${fieldFault}`);
  const refFault = await registryFault(ctx.db, cf);
  if (refFault) return failed(refFault);
  const info = SUBTYPES.DATASET;
  const id = ctx.newId();
  const sessionId = ctx.newId();
  const s3 = s3LocationOf(DATASET_BUCKET, id);
  const body: DomainInfo = { ...metadataFields(cf), s3, release_status: 'NOT_RELEASED', release_history: [] };
  await ctx.db.transaction().execute(async (tx) => {
    await insertWholeItem(tx, newWholeItem(ctx, info, caller, body, sessionId, id));
    await nodeFor(tx, info.kind, id, body.display_name);
  });
  return {
    ...succeeded('Successfully seeded location - see location details.'),
    handle: id,
    s3_location: s3,
    register_create_activity_session_id: sessionId,
  };
}

async function datasetFor(ctx: ServiceContext, handle: string, caller: Caller) {
  const found = handle === '' ? undefined : await findProvenaItem(ctx.db, handle);
  if (!found || found.item.record_type === 'SEED_ITEM') badRequest(`Failed to fetch the dataset ${handle}: no complete dataset has this handle.`);
  if (found.info.subtype !== 'DATASET') badRequest(`Item ${handle} is a ${found.info.subtype}, not a DATASET.`);
  const roles = rolesOn(found, caller);
  if (!canRead(roles)) notAuthorised('You are not authorised to fetch this item.');
  return { found, roles };
}

export async function updateDatasetMetadata(ctx: ServiceContext, handle: string, reason: string, cf: CollectionFormat, caller: Caller) {
  const fieldFault = dataStoreFault(cf);
  if (fieldFault) badRequest(`Failed field value validation: ${fieldFault}`);
  const refFault = await registryFault(ctx.db, cf);
  if (refFault) badRequest(refFault);
  const { found, roles } = await datasetFor(ctx, handle, caller);
  if (found.lock.locked) notAuthorised(LOCKED_DETAIL);
  if (!canEdit(roles)) notAuthorised('You are not authorised to edit this dataset.');
  const old = found.row!.body as Record<string, unknown>;
  // The location and release state stay; the metadata and what derives from it are replaced.
  const kept = Object.fromEntries(['s3', 'release_status', 'release_timestamp', 'release_approver', 'release_history'].filter((k) => k in old).map((k) => [k, old[k]]));
  const s3 = (old.s3 as Record<string, string> | undefined) ?? s3LocationOf(DATASET_BUCKET, handle);
  const body = { ...metadataFields(cf), release_status: 'NOT_RELEASED', ...kept, s3 };
  await ctx.db.transaction().execute(async (tx) => {
    await writeItemBody(tx, { id: handle, body, reason, updatedBy: caller.id, username: caller.username, now: ctx.now() });
    await nodeFor(tx, 'datasets', handle, body.display_name);
  });
  return { ...succeeded('Successfully updated metadata in Registry and S3 bucket - see location details.'), handle, s3_location: s3 };
}

export async function fetchDataset(ctx: ServiceContext, handle: string, caller: Caller) {
  const { found, roles } = await datasetFor(ctx, handle, caller);
  if (!found.parses) badRequest(`The dataset ${handle} was not written through the data store and has no collection_format.`);
  return { ...succeeded('Successfully fetched dataset.'), item: found.item, roles, locked: found.lock.locked };
}
