// Operator tasks over HTTP, for admins: a backup of the embedded store taken while the server serves it
// (the store's files are locked to this process, so a backup goes through it).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Errors, fail } from '../../domain/errors.js';
import type { BackupStream } from '../../services/backup/archive.js';
import { problems } from '../problem-schema.js';

export interface AdminOptions {
  /** Streams a backup; undefined where the store is PostgreSQL, which has pg_dump for that. */
  backup: (() => Promise<BackupStream>) | undefined;
}

const BackupReply = {
  description:
    'The backup, a gzip-compressed tar: runledger-backup.json (its manifest), store.tar (the embedded store), ' +
    'warehouses/ and files/. Restore it with `runledger restore <file>` into an empty data directory.',
  headers: { 'Content-Disposition': { type: 'string', description: 'attachment; filename="runledger-backup-<time>.tar.gz"' } },
  content: { 'application/gzip': { schema: Type.String({ format: 'binary' }) } },
};

export default async function adminPlugin(app: FastifyInstance, opts: AdminOptions): Promise<void> {
  app.post('/admin/backup', {
    schema: {
      tags: ['system'],
      operationId: 'createBackup',
      summary: 'Back up the embedded store, its warehouses and project files while serving',
      description:
        'A consistent snapshot: the warehouses are held while it is taken (a run about to open one waits, a query ' +
        'on one is refused with 409), then the archive streams. On PostgreSQL this is a 409: back the database up ' +
        'with pg_dump and the data directory with your file backup (see the README).',
      response: { 200: BackupReply, ...problems(401, 403, 409, 429) },
    },
    config: { access: 'admin' },
    handler: async (request, reply) => {
      if (!opts.backup) {
        fail(Errors.conflict, 'this server keeps its store in PostgreSQL: back it up with pg_dump, and the data directory (warehouses/, files/) with a file backup');
      }
      const { manifest, stream } = await opts.backup();
      request.log.info({ warehouses: manifest.warehouses.length, files: manifest.files }, 'backup taken');
      const stamp = manifest.created_at.replace(/[:.]/g, '-');
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="runledger-backup-${stamp}.tar.gz"`)
        .send(stream);
    },
  });
}
