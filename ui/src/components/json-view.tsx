// JSON rendered readably: scalars inline, objects and arrays folded past the first level.
import type { ReactNode } from 'react';

export function JsonView({ value, open = 1, label }: { value: unknown; open?: number; label?: string }) {
  return <div className="json">{node(value, open, label)}</div>;
}

function node(value: unknown, open: number, label?: string): ReactNode {
  const key = label !== undefined ? <span className="json-key">{label}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {key}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{typeof value === 'string' ? value : JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={open > 0}>
      <summary>
        {key}
        <span className="muted">{summary}</span>
      </summary>
      <div className="json-children">{entries.map(([k, v]) => <div key={k}>{node(v, open - 1, k)}</div>)}</div>
    </details>
  );
}
