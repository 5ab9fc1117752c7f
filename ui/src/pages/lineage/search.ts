// The lineage page's URL: every part of the view is a search param, so a link reopens the same view.

export const DIRECTIONS = ['upstream', 'downstream', 'both'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DEFAULT_DEPTH = 2;
export const MAX_DEPTH = 10;
export const DEFAULT_DIRECTION: Direction = 'both';

export interface LineageSearch {
  start?: string | undefined;
  depth?: number | undefined;
  direction?: Direction | undefined;
  selected?: string | undefined;
  /** Nodes whose neighbours were added to the view, comma-separated. */
  expand?: string | undefined;
  /** Relation names on edges; absent: only on small graphs. */
  labels?: boolean | undefined;
}

// The router parses values that look like JSON, so an id of digits arrives as a number.
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() || undefined : typeof v === 'number' ? String(v) : undefined);

export function validateLineageSearch(raw: Record<string, unknown>): LineageSearch {
  const depth = Number(raw.depth);
  return {
    start: text(raw.start),
    depth: Number.isInteger(depth) && depth >= 1 && depth <= MAX_DEPTH ? depth : undefined,
    direction: DIRECTIONS.find((d) => d === raw.direction),
    selected: text(raw.selected),
    expand: text(raw.expand),
    labels: raw.labels === true || raw.labels === 'true' ? true : raw.labels === false || raw.labels === 'false' ? false : undefined,
  };
}

export const expansionsOf = (search: LineageSearch): string[] => (search.expand ? [...new Set(search.expand.split(',').filter(Boolean))] : []);
