import { Type } from '@sinclair/typebox';
import { FreshnessStatusSchema, SourceFreshnessStatusSchema } from '../../domain/freshness.js';
import { ProjectSettingsSchema } from '../../domain/model-settings.js';
import { ProjectRef } from '../../domain/models.js';
import { PageQuerySchema } from '../../domain/pagination.js';
import { ProjectFileSchema } from '../../domain/project-files.js';
import { QueryRequestSchema, QueryResultSchema } from '../../domain/query.js';
import { component } from '../components.js';
import { pageOf } from '../registry/schemas.js';

export const ProjectParams = Type.Object({ project: ProjectRef });
export const FileParams = Type.Object({
  project: ProjectRef,
  '*': Type.String({ description: 'The file’s path in the project files folder, e.g. seeds/orders.csv' }),
});
export const ProjectFile = component('ProjectFile', ProjectFileSchema);
export const ProjectFilePage = component('ProjectFilePage', pageOf(ProjectFile));
export const FileListQuery = PageQuerySchema;

/** An upload or download of any bytes: documented by media type, read and written as a stream. */
export const FileBytes = Type.String({ format: 'binary' });
export const FileReply = (description: string) => ({ description, content: { 'application/octet-stream': { schema: FileBytes } } });

const Name = Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$' });
export const ModelFreshnessParams = Type.Object({ projectName: Name, modelName: Name });
export const SourceFreshnessParams = Type.Object({ sourceSchema: Name, sourceTable: Name });

export const ProjectSettings = component('ProjectSettings', ProjectSettingsSchema, {
  examples: [{ vars: { start_date: '2019-01-01' }, sources: { 'raw.rain': { path: 'seeds/rain.csv', loaded_at_field: 'loaded_at' } } }],
});
// The DuckDB Data Platform's names for its shapes.
export const QueryRequest = component('QueryRequest', QueryRequestSchema, {
  examples: [{ sql: 'select gauge, sum(mm) as mm from hydrology.daily_rain group by gauge', project_name: 'hydrology' }],
});
export const QueryResult = component('QueryResult', QueryResultSchema);
export const FreshnessStatus = component('FreshnessStatus', FreshnessStatusSchema);
export const SourceFreshnessStatus = component('SourceFreshnessStatus', SourceFreshnessStatusSchema);
