// GeneralListRequest's model validators: faults pydantic raises as 422.
import type { ListRequest } from '../../../services/provena/registry-lists.js';
import { FastapiValidationError } from '../fastapi/errors.js';

/** GeneralListRequest's model validators (→ 422). */
export function checkListRequest(body: ListRequest): ListRequest {
  const fault = (loc: string[], msg: string) => new FastapiValidationError([{ loc: ['body', ...loc, '__root__'], msg, type: 'value_error' }]);
  if (body.filter_by?.item_subtype !== undefined && body.filter_by.release_status !== undefined) {
    throw fault(['filter_by'], 'Cannot filter by both item_subtype and release_status');
  }
  const sort = body.sort_by;
  if (sort && (sort.sort_type === 'ACCESS_INFO_URI_BEGINS_WITH') !== (sort.begins_with !== undefined)) {
    throw fault(['sort_by'], 'begins_with must be given with, and only with, sort_type ACCESS_INFO_URI_BEGINS_WITH');
  }
  return body;
}
