// A models project's data: its files folder (uploads, downloads, listing) and its settings (vars, sources).
import type { Readable } from 'node:stream';
import { Errors, fail } from '../domain/errors.js';
import type { ProjectSettings } from '../domain/model-settings.js';
import { decodeTextKey, toPage, type Page } from '../domain/pagination.js';
import { filePathProblem, type ProjectFile } from '../domain/project-files.js';
import { deleteProjectFile, listProjectFiles, readProjectFile, writeProjectFile } from '../engine/project-files.js';
import { findProjectSettings, saveProjectSettings } from '../store/model-projects.js';
import type { ServiceContext } from './context.js';
import type { DataDeps } from './warehouse-reads.js';

export function uploadProjectFile(deps: DataDeps, project: string, path: string, body: { bytes: AsyncIterable<Uint8Array>; declaredSize: number | undefined }) {
  return writeProjectFile(deps.warehouse.filesDir(project), path, body, deps.uploadLimit);
}

export function downloadProjectFile(deps: DataDeps, project: string, path: string): Promise<{ stream: Readable; size: number }> {
  return readProjectFile(deps.warehouse.filesDir(project), path);
}

export function removeProjectFile(deps: DataDeps, project: string, path: string): Promise<void> {
  return deleteProjectFile(deps.warehouse.filesDir(project), path);
}

export async function pageProjectFiles(deps: DataDeps, project: string, limit: number, pageToken: string | undefined): Promise<Page<ProjectFile>> {
  const after = pageToken === undefined ? undefined : decodeTextKey(pageToken);
  const files = await listProjectFiles(deps.warehouse.filesDir(project), after, limit + 1);
  return toPage(files, limit, (f) => [f.path]);
}

export function getProjectSettings(ctx: ServiceContext, project: string): Promise<ProjectSettings> {
  return findProjectSettings(ctx.db, project);
}

/** Replaces the settings; a source names a file of the project's files folder or a relation, not both. */
export async function putProjectSettings(ctx: ServiceContext, project: string, settings: ProjectSettings): Promise<ProjectSettings> {
  for (const [key, source] of Object.entries(settings.sources)) {
    if (source.path !== undefined && source.relation !== undefined) fail(Errors.validation, `sources["${key}"]: give path or relation, not both`);
    const problem = source.path === undefined ? undefined : filePathProblem(source.path);
    if (problem) fail(Errors.validation, `sources["${key}"].path ${problem}`);
  }
  await saveProjectSettings(ctx.db, project, settings, ctx.now());
  return findProjectSettings(ctx.db, project);
}
