import { Type } from '@sinclair/typebox';
import { ProjectRef } from '../../domain/models.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { ProjectFileSchema } from '../../domain/project-files.js';
import { pageOf } from '../registry/schemas.js';

export const ProjectParams = Type.Object({ project: ProjectRef });
export const FileParams = Type.Object({
  project: ProjectRef,
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
