// Percentiles, memory sampling and number formatting shared by the benchmarks.
import os from 'node:os';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export interface RssSampler {
  stop(): { peakMb: number; lastMb: number };
}

/**
 * Samples this process's RSS. The server runs in this process (and, for the embedded store, the
 * database too), while the load generator runs in a child process, so the figure is the server's.
 */
export function sampleRss(intervalMs = 200): RssSampler {
  let peak = process.memoryUsage().rss;
  let last = peak;
  const timer = setInterval(() => {
    last = process.memoryUsage().rss;
    peak = Math.max(peak, last);
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      last = process.memoryUsage().rss;
      peak = Math.max(peak, last);
      return { peakMb: peak / 2 ** 20, lastMb: last / 2 ** 20 };
    },
  };
}

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A one-line note on how busy the machine already is, since other work may share these 2 cores. */
export async function loadAverageNote(): Promise<string> {
  return `load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`;
}
