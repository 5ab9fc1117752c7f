// A project's files folder on disk, where model SQL reads files by relative path. Uploads land whole or not
// at all (written beside their target under a hidden name, then renamed over it), and no read, write or
// delete goes outside the folder, through `..` (refused by name) or a symbolic link (refused on disk).
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Errors, fail } from '../domain/errors.js';
import { filePathProblem, type ProjectFile } from '../domain/project-files.js';

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException).code;
const isMissing = (err: unknown) => errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR';

/** The file's place on disk; refuses a path that is not a project file path (see filePathProblem). */
function placeOf(root: string, relative: string): string {
  const problem = filePathProblem(relative);
  if (problem) fail(Errors.validation, `path ${problem}`);
  return path.join(root, ...relative.split('/'));
}

/** Refuses a place that a symbolic link takes outside the folder: the place, or its deepest ancestor there is. */
async function assertInside(root: string, place: string, relative: string): Promise<void> {
  let existing = place;
  while (!(await fs.lstat(existing).then(() => true, () => false))) existing = path.dirname(existing);
  const [realRoot, real] = await Promise.all([fs.realpath(root), fs.realpath(existing)]);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) fail(Errors.validation, `path "${relative}" leads outside the project files folder`);
}

/** Creates the folders a new file needs; returns the first one it created, if any, for undoing. */
async function makeParents(root: string, place: string, relative: string): Promise<string | undefined> {
  await fs.mkdir(root, { recursive: true });
  await assertInside(root, path.dirname(place), relative);
  return fs.mkdir(path.dirname(place), { recursive: true }).catch((err: unknown) => {
    if (errorCode(err) === 'EEXIST' || errorCode(err) === 'ENOTDIR') fail(Errors.conflict, `path "${relative}": a file stands where a folder is needed`);
    throw err;
  });
}

/** Removes the folders makeParents created, deepest first, each only while empty: another upload may be using it. */
async function removeParents(place: string, firstCreated: string): Promise<void> {
  for (let dir = path.dirname(place); dir.length >= firstCreated.length; dir = path.dirname(dir)) {
    if (!(await fs.rmdir(dir).then(() => true, () => false))) return;
  }
}

const tooLarge = (limit: number) => fail(Errors.bodyTooLarge, `the file is larger than the ${limit}-byte upload limit`);

async function* bounded(source: AsyncIterable<Uint8Array>, limit: number): AsyncIterable<Uint8Array> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > limit) tooLarge(limit);
    yield chunk;
  }
}

async function describe(place: string, relative: string): Promise<ProjectFile> {
  const stat = await fs.stat(place);
  return { path: relative, size: stat.size, updated_at: stat.mtime.toISOString() };
}

/**
 * Streams `source` into the file at `relative`, replacing what was there; `created` when nothing was. A
 * declared size over the limit is refused before a byte is read.
 */
export async function writeProjectFile(
  root: string,
  relative: string,
  source: { bytes: AsyncIterable<Uint8Array>; declaredSize: number | undefined },
  limit: number,
): Promise<{ file: ProjectFile; created: boolean }> {
  const place = placeOf(root, relative);
  if (source.declaredSize !== undefined && source.declaredSize > limit) tooLarge(limit);
  const createdFolder = await makeParents(root, place, relative);
  const temp = path.join(path.dirname(place), `.upload-${randomUUID()}`);
  let written = false;
  try {
    await pipeline(source.bytes, (chunks: AsyncIterable<Uint8Array>) => bounded(chunks, limit), createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    const before = await fs.lstat(place).catch(() => undefined);
    if (before?.isDirectory()) fail(Errors.conflict, `path "${relative}" is a folder`);
    // rename replaces a link itself, never what it points to.
    await fs.rename(temp, place);
    written = true;
    return { file: await describe(place, relative), created: before === undefined };
  } finally {
    await fs.rm(temp, { force: true });
    if (!written && createdFolder) await removeParents(place, createdFolder);
  }
}

/** The regular file at `relative`, inside the folder even past links, or a 404. */
async function existingFile(root: string, relative: string): Promise<string> {
  const place = placeOf(root, relative);
  // A project nothing was uploaded to has no folder: none of its files exists.
  if (!(await fs.lstat(root).then(() => true, () => false))) fail(Errors.notFound, `no file "${relative}" in the project files folder`);
  await assertInside(root, place, relative);
  try {
    if ((await fs.stat(place)).isFile()) return place;
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  return fail(Errors.notFound, `no file "${relative}" in the project files folder`);
}

export async function readProjectFile(root: string, relative: string): Promise<{ stream: ReadStream; size: number }> {
  const place = await existingFile(root, relative);
  const { size } = await fs.stat(place);
  return { stream: createReadStream(place), size };
}

export async function deleteProjectFile(root: string, relative: string): Promise<void> {
  await fs.rm(await existingFile(root, relative));
}

/**
 * Regular files in path order after `after`, at most `limit`; links and hidden names are not listed. Each
 * page walks the folder: a seeds folder is small, and the order needs every name anyway.
 */
export async function listProjectFiles(root: string, after: string | undefined, limit: number): Promise<ProjectFile[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch((err: unknown) => {
    if (isMissing(err)) return [];
    throw err;
  });
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((p) => !p.split('/').some((segment) => segment.startsWith('.')) && (after === undefined || p > after))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit);
  return Promise.all(paths.map((p) => describe(path.join(root, ...p.split('/')), p)));
}
