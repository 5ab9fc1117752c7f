// The lines of B that differ from A, each marked + or − in text as well as colour.
import { diffLines } from 'diff';
import { canonical } from './align';

const pretty = (v: unknown) => (v === undefined ? '' : `${JSON.stringify(JSON.parse(canonical(v)), null, 2)}\n`);

export function DiffView({ a, b, label }: { a: unknown; b: unknown; label: string }) {
  const changes = diffLines(pretty(a), pretty(b));
  return (
    <details className="diff">
      <summary>Show the difference</summary>
      <pre aria-label={label}>
        {changes.map((c, i) => {
          const mark = c.added ? '+' : c.removed ? '−' : ' ';
          const lines = c.value.replace(/\n$/, '').split('\n');
          return lines.map((line, k) => (
            <span key={`${i}-${k}`} className={c.added ? 'diff-add' : c.removed ? 'diff-del' : 'diff-same'}>
              {mark} {line}
            </span>
          ));
        })}
      </pre>
    </details>
  );
}
