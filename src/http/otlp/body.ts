// Request bodies of the OTLP routes: Content-Encoding gzip (OTLP/HTTP lets clients compress), inflated with a
// bound so that a small body that inflates past the body limit is a 413 before it can take the memory, and the
// protobuf content type, which only these routes accept.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, Errors } from '../../domain/errors.js';
import { decodeExportRequest } from './protobuf.js';

export const PROTOBUF = 'application/x-protobuf';

/** Passes bytes on until `limit` have passed, then fails the stream with a 413. */
class Bounded extends Transform {
  private seen = 0;
  /** Bytes as received (compressed): Fastify checks them against Content-Length. */
  receivedEncodedLength = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new AppError(Errors.bodyTooLarge, `the body inflates to more than the ${this.limit}-byte limit`));
      return;
    }
    done(null, chunk);
  }
}

function inflate(payload: Readable, limit: number): Readable {
  const gunzip = zlib.createGunzip();
  const bounded = new Bounded(limit);
  payload.on('data', (chunk: Buffer) => {
    bounded.receivedEncodedLength += chunk.length;
  });
  gunzip.on('error', (error) => bounded.destroy(new AppError(Errors.validation, `the body is not valid gzip: ${error.message}`)));
  // Once the bound is hit, stop inflating: the rest would only burn CPU.
  bounded.on('error', () => {
    payload.unpipe(gunzip);
    gunzip.destroy();
  });
  payload.pipe(gunzip).pipe(bounded);
  return bounded;
}

/** preParsing: identity bodies pass; gzip is inflated within the route's body limit; anything else is a 415. */
export async function decodeContentEncoding(request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return payload;
  if (encoding !== 'gzip') {
    throw new AppError(Errors.unsupportedMediaType, `Content-Encoding "${encoding}" is not supported; send gzip or no encoding`);
  }
  return inflate(payload, request.routeOptions.bodyLimit);
}

/**
 * The two encodings OTLP/HTTP defines, for the routes of the plugin that calls this (content-type parsers are
 * scoped): application/json as everywhere, and application/x-protobuf; any other type is a 415.
 */
export function acceptOtlpEncodings(app: FastifyInstance): void {
  if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(PROTOBUF, { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    try {
      done(null, decodeExportRequest(body));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      done(new AppError(Errors.validation, `body is not a protobuf ExportTraceServiceRequest: ${why}`, { errors: [{ field: '(root)', message: why }] }), undefined);
    }
  });
}
