// Files of a models project, as clients name them: a path relative to the project's files folder, with `/`
// between folders. The letters alone keep a path inside the folder; links on disk are the engine's to check.
import { Type, type Static } from '@sinclair/typebox';

const MAX_FILE_PATH_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;

/** Why `path` cannot name a project file, or undefined when it can. */
export function filePathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.length > MAX_FILE_PATH_LENGTH) return `is longer than ${MAX_FILE_PATH_LENGTH} characters`;
  if (path.includes('\\')) return 'contains a backslash; separate folders with /';
  // NUL and other control characters: no file system or shell should meet them in a name.
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  if (path.startsWith('/')) return 'is absolute; give it relative to the project files folder';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty folder name (// or a trailing /)';
    if (segment === '.' || segment === '..') return 'has a . or .. segment';
    // Hidden names are the server's: uploads in progress are written under one.
    if (segment.startsWith('.')) return `has a name starting with ".": "${segment}"`;
    if (segment.length > MAX_SEGMENT_LENGTH) return `has a name longer than ${MAX_SEGMENT_LENGTH} characters`;
  }
  return undefined;
}

export const ProjectFileSchema = Type.Object({
  path: Type.String({ description: 'Relative to the project files folder, as model SQL reads it' }),
  size: Type.Integer({ minimum: 0, description: 'Bytes' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type ProjectFile = Static<typeof ProjectFileSchema>;
