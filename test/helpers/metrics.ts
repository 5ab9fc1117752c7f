// Reading the Prometheus text format as a scraper does.

/** Every sample of the exposition as `name{labels}` → value. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The sum of the samples named `name` whose labels include all of `labels` (0 when there is none). */
export function sample(all: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let found = 0;
  for (const [key, value] of all) {
    const [metric, rest = ''] = key.split('{');
    if (metric === name && wanted.every((pair) => rest.includes(pair))) found += value;
  }
  return found;
}
