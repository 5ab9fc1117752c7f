// Short labels (tags, counts) as chips, with a space between them so they read as separate words.
import { Fragment } from 'react';

export function Chips({ items, kind }: { items: string[]; kind?: 'tag' }) {
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {items.map((item, i) => (
        <Fragment key={item}>
          {i > 0 && ' '}
          <span className={kind ? `chip ${kind}` : 'chip'}>{item}</span>
        </Fragment>
      ))}
    </>
  );
}
