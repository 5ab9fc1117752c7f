/** A LIKE/ILIKE pattern matching text that contains `text`, with LIKE's own metacharacters taken literally. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
