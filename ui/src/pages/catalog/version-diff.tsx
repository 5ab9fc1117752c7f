// The difference between two versions of an item, line by line over pretty-printed JSON with sorted keys
// (the store may hand keys back in another order; only real changes should show). Added and removed lines
// carry + and - markers and are <ins>/<del>, so colour is never the only sign.
import { diffLines } from 'diff';
import type { ReactNode } from 'react';

/** Unchanged runs longer than this are folded to their first and last CONTEXT lines. */
const CONTEXT = 3;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

export function prettyJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

interface Line {
  kind: 'added' | 'removed' | 'same';
  text: string;
}

export function diffJson(from: unknown, to: unknown): Line[] {
  return diffLines(prettyJson(from), prettyJson(to)).flatMap((change) => {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return change.value.replace(/\n$/, '').split('\n').map((text) => ({ kind, text }) as Line);
  });
}

const MARKER = { added: '+', removed: '-', same: ' ' } as const;

function LineView({ line }: { line: Line }) {
  const body = (
    <>
      <span className="diff-marker">{MARKER[line.kind]}</span>
      {line.text}
    </>
  );
  if (line.kind === 'added') return <ins className="diff-line added">{body}</ins>;
  if (line.kind === 'removed') return <del className="diff-line removed">{body}</del>;
  return <span className="diff-line same">{body}</span>;
}

export function VersionDiff({ from, to, fromLabel, toLabel }: { from: unknown; to: unknown; fromLabel: string; toLabel: string }) {
  const lines = diffJson(from, to);
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  const out: ReactNode[] = [];
  for (let i = 0; i < lines.length; ) {
    let end = i;
    while (end < lines.length && lines[end]!.kind === 'same') end++;
    const run = end - i;
    if (run > CONTEXT * 2 + 1) {
      const first = i === 0 ? 0 : CONTEXT;
      const last = end === lines.length ? 0 : CONTEXT;
      for (let j = i; j < i + first; j++) out.push(<LineView key={j} line={lines[j]!} />);
      out.push(
        <span key={`fold-${i}`} className="diff-line fold">
          ⋯ {run - first - last} unchanged lines
        </span>,
      );
      for (let j = end - last; j < end; j++) out.push(<LineView key={j} line={lines[j]!} />);
      i = end;
    } else if (run > 0) {
      for (let j = i; j < end; j++) out.push(<LineView key={j} line={lines[j]!} />);
      i = end;
    } else {
      out.push(<LineView key={i} line={lines[i]!} />);
      i++;
    }
  }
  return (
    <figure className="diff">
      <figcaption>
        From <strong>{fromLabel}</strong> to <strong>{toLabel}</strong>:{' '}
        {added + removed === 0 ? 'no difference.' : `${added} line${added === 1 ? '' : 's'} added (+), ${removed} removed (-).`}
      </figcaption>
      <pre aria-label={`Changes from ${fromLabel} to ${toLabel}`}>{out}</pre>
    </figure>
  );
}
