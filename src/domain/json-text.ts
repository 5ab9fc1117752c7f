// What a JSON text must not be, found before JSON.parse builds it. The parsed value cannot show these:
// JSON.parse keeps the last of two equal keys silently (a reviver only sees the survivor), and it builds
// whatever depth and width it is given, which for 8 MB of nested brackets or of 700,000 keys costs seconds
// of CPU before any schema can refuse it; so does one long array of numbers, which every later step (schema,
// canonical JSON, jsonb) walks again. One pass over the text, skipping string contents, sees all of these.
// It does not validate the text: JSON.parse still does, after it.
import { MAX_JSON_DEPTH } from './storable-json.js';

/** Far more keys than any object of this API has; free-form fields set their own, lower maxProperties. */
export const MAX_OBJECT_KEYS = 10_000;
/**
 * Values (members of objects and arrays, at any depth) in one body: a Gentrace run of 1,000 step runs with
 * rich inputs holds well under this, and a body at the limit costs a few hundred ms, not seconds.
 */
export const MAX_BODY_VALUES = 250_000;

export interface JsonTextLimits {
  maxDepth: number;
  maxKeys: number;
  maxValues: number;
}

/** `path` is written as validation failures name fields: `body.stepRuns[0].inputs`. */
export interface JsonTextIssue {
  path: string;
  message: string;
}

interface Frame {
  /** Keys seen so far, for an object; null for an array. */
  keys: Set<string> | null;
  /** The member being read: the last key of an object, the index in an array. */
  key: string;
  index: number;
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote closing the string that opens at `start`, or text.length when it never closes. */
function stringEnd(text: string, start: number): number {
  let at = start;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/** "a" and "\u0061" are the same key. Text that does not decode is left for JSON.parse to refuse. */
function keyOf(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return raw;
  }
}

function pathOf(frames: readonly Frame[]): string {
  let path = 'body';
  for (const frame of frames) path += frame.keys ? `.${frame.key}` : `[${frame.index}]`;
  return path;
}

export function findJsonTextIssue(
  text: string,
  limits: JsonTextLimits = { maxDepth: MAX_JSON_DEPTH, maxKeys: MAX_OBJECT_KEYS, maxValues: MAX_BODY_VALUES },
): JsonTextIssue | undefined {
  const stack: Frame[] = [];
  // Every container and every comma between members starts a value: together they count the values in the
  // text but the first member of each container, which is close enough for a bound.
  let values = 0;
  const tooMany = () => ({ path: 'body', message: `holds more than ${limits.maxValues} values` });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = keyOf(text, i, end);
        if (top.keys.has(key)) return { path: pathOf(stack.slice(0, -1)), message: `has the key "${key}" more than once` };
        if (top.keys.size >= limits.maxKeys) return { path: pathOf(stack.slice(0, -1)), message: `has more than ${limits.maxKeys} keys` };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      // { or [
      if (stack.length >= limits.maxDepth) return { path: pathOf(stack), message: `nests deeper than ${limits.maxDepth} levels` };
      if (++values > limits.maxValues) return tooMany();
      stack.push({ keys: c === 0x7b ? new Set() : null, key: '', index: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d || c === 0x5d) {
      // } or ]
      stack.pop();
    } else if (c === 0x2c) {
      // , starts the next member
      if (++values > limits.maxValues) return tooMany();
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}
