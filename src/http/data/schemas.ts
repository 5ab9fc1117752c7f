import { Type } from '@sinclair/typebox';
import { Identifier } from '../../domain/models.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { ProjectFileSchema } from '../../domain/project-files.js';
import { pageOf } from '../registry/schemas.js';

export const ProjectParams = Type.Object({ project: Identifier });
export const FileParams = Type.Object({
  project: Identifier,
  '*': Type.String({ description: 'The file’s path in the project files folder, e.g. seeds/orders.csv' }),
});
export const FileListSchema = pageOf(ProjectFileSchema);
export const FileListQuery = PageQuerySchema;

/** An upload or download of any bytes: documented by media type, read and written as a stream. */
export const FileBytes = Type.String({ format: 'binary' });
export const FileReply = (description: string) => ({ description, content: { 'application/octet-stream': { schema: FileBytes } } });

const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$' });
export const ModelFreshnessParams = Type.Object({ projectName: Name, modelName: Name });
export const SourceFreshnessParams = Type.Object({ sourceSchema: Name, sourceTable: Name });
export const SourceFreshnessQuery = Type.Object({
  timestamp_column: Type.Optional({ ...Name, description: 'The column to read; else the source’s loaded_at_field, else loaded_at, updated_at, created_at or ingested_at' }),
  max_lag_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 999999999, default: 3600 })),
  project_name: Type.Optional({ ...Identifier, description: 'runledger: the project whose warehouse holds the source; may be left out while only one project has a warehouse' }),
});
