// The uploaded CSV of /bulk/convert_model_runs/csv: a multipart/form-data file in the field `csv_file`, as
// FastAPI's UploadFile takes it. Multipart bodies bypass Fastify's body reader and so its body limit; the
// parser's own limits hold them to one file of at most the body limit and a few small fields instead.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError, Errors, fail } from '../../../domain/errors.js';
import { FastapiValidationError } from '../fastapi/errors.js';

const FIELD = 'csv_file';

/** Registers the multipart parser in the calling plugin's scope only. */
export async function acceptCsvUploads(app: FastifyInstance): Promise<void> {
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { files: 1, fileSize: bodyLimit, fields: 16, fieldSize: 1024, parts: 17, headerPairs: 32 },
  });
}

function hasStatus(error: unknown): error is Error & { statusCode: number } {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

/** The bytes of the `csv_file` part; 422 as FastAPI gives when there is none, 400 when the body is not multipart. */
export async function readCsvUpload(request: FastifyRequest): Promise<Buffer> {
  // Fastify's body reader refuses a declared length over the limit before reading; multipart skips that reader.
  const limit = request.routeOptions.bodyLimit;
  if (Number(request.headers['content-length'] ?? 0) > limit) fail(Errors.bodyTooLarge, `Request body is too large (limit ${limit} bytes)`);
  let file: Buffer | undefined;
  let textField = false;
  if (request.isMultipart()) {
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.fieldname === FIELD) file ??= bytes;
        } else if (part.fieldname === FIELD) textField = true;
      }
    } catch (error) {
      // The parser's limits (413) and a body cut short (400) keep their status; anything else is a body
      // that is not multipart as its content type says, which FastAPI answers with this 400.
      if (error instanceof AppError || hasStatus(error)) throw error;
      fail(Errors.recordInvalid, 'There was an error parsing the body');
    }
  }
  if (file) return file;
  if (textField) throw new FastapiValidationError([{ loc: ['body', FIELD], msg: "Expected UploadFile, received: <class 'str'>", type: 'value_error' }]);
  throw new FastapiValidationError([{ loc: ['body', FIELD], msg: 'field required', type: 'value_error.missing' }]);
}
