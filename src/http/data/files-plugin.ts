// /v1/projects/{project}/files: the files a project's models read, uploaded and downloaded as raw bytes.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { downloadProjectFile, pageProjectFiles, removeProjectFile, uploadProjectFile } from '../../services/project-data-service.js';
import type { DataDeps } from '../../services/warehouse-reads.js';
import { described, noContent } from '../components.js';
import { problems } from '../problem-schema.js';
import { FileBytes, FileListQuery, FileParams, FileReply, ProjectFile, ProjectFilePage, ProjectParams } from './schemas.js';

const tags = ['files'];

/** Sends a file as it is read; the reply's schema documents the bytes, which no serializer touches. */
const sendBytes = (reply: FastifyReply, stream: Readable, size: number) =>
  reply.type('application/octet-stream').header('content-length', size).send(stream);

export default async function filesPlugin(app: FastifyInstance, { data: deps }: { data: DataDeps }): Promise<void> {
  // Any content type is a file's bytes, left unread for the handler to stream to disk; the body schema only
  // documents the upload.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const scoped = app.validatorCompiler!;
  app.setValidatorCompiler((route) => (route.httpPart === 'body' ? () => true : scoped(route)));
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const one = '/projects/:project/files/*';

  r.put(one, {
    schema: {
      tags,
      summary: 'Upload a project file',
      description:
        'The body, of any content type, is the file: streamed to disk and renamed into place once whole, so a failed or ' +
        'oversized upload (413 beyond RUNLEDGER_UPLOAD_LIMIT) leaves nothing. Model SQL reads it by this path, e.g. ' +
        "read_csv('seeds/orders.csv'). 201 when new, 200 when it replaced a file.",
      operationId: 'uploadProjectFile',
      params: FileParams,
      consumes: ['application/octet-stream'],
      body: FileBytes,
      response: {
        200: described(ProjectFile, 'The file replaced one at the same path'),
        201: described(ProjectFile, 'The file is new'),
        ...problems(400, 401, 403, 409, 413, 429),
      },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      const length = req.headers['content-length'];
      try {
        const { file, created } = await uploadProjectFile(deps, req.params.project, req.params['*'], {
          // Not destroyed when the upload stops early: the request must still carry the reply.
          bytes: req.raw.iterator({ destroyOnReturn: false }),
          declaredSize: length === undefined ? undefined : Number(length),
        });
        return reply.code(created ? 201 : 200).send(file);
      } catch (err) {
        // The rest of a refused upload is not read: the connection closes after the reply instead.
        if (!req.raw.readableEnded) reply.header('connection', 'close');
        throw err;
      }
    },
  });
  r.get(one, {
    schema: {
      tags,
      summary: 'Download a project file',
      operationId: 'downloadProjectFile',
      params: FileParams,
      response: { 200: FileReply('The file’s bytes'), ...problems(400, 401, 404, 429) },
    },
    config: { access: 'read' },
    handler: async (req, reply) => {
      const { stream, size } = await downloadProjectFile(deps, req.params.project, req.params['*']);
      return sendBytes(reply, stream, size);
    },
  });
  r.delete(one, {
    schema: {
      tags,
      summary: 'Delete a project file',
      operationId: 'deleteProjectFile',
      params: FileParams,
      response: { 204: noContent('The file is deleted'), ...problems(400, 401, 403, 404, 429) },
    },
    config: { access: 'write' },
    handler: async (req, reply) => {
      await removeProjectFile(deps, req.params.project, req.params['*']);
      return reply.code(204).send(null);
    },
  });
  r.get('/projects/:project/files', {
    schema: {
      tags,
      summary: 'List a project’s files',
      description: 'Regular files in path order, paged by path.',
      operationId: 'listProjectFiles',
      params: ProjectParams,
      querystring: FileListQuery,
      response: { 200: described(ProjectFilePage, 'A page of files, in path order'), ...problems(400, 401, 429) },
    },
    config: { access: 'read' },
    handler: async (req) => pageProjectFiles(deps, req.params.project, req.query.max_results ?? 100, req.query.page_token),
  });
}
