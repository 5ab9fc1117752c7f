// Where to explore from, how far, and which way. Depth and direction apply at once; a new start on submit.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { DIRECTIONS, MAX_DEPTH, type Direction } from './search';
import type { Suggestion } from './suggestions';

const DIRECTION_TEXT: Record<Direction, string> = {
  upstream: 'Upstream (what it came from)',
  downstream: 'Downstream (what came from it)',
  both: 'Both ways',
};

interface Props {
  start: string | undefined;
  depth: number;
  direction: Direction;
  suggestions: Suggestion[];
  onStart(start: string): void;
  onDepth(depth: number): void;
  onDirection(direction: Direction): void;
}

export function StartForm({ start, depth, direction, suggestions, onStart, onDepth, onDirection }: Props) {
  const [text, setText] = useState(start ?? '');
  const listId = useId();
  useEffect(() => setText(start ?? ''), [start]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) onStart(text.trim());
  };
  return (
    <form className="toolbar lineage-form" onSubmit={submit} role="search" aria-label="Lineage query">
      <label className="grow">
        Start from (any id: run, dataset, registry item, step)
        <input value={text} onChange={(e) => setText(e.target.value)} list={listId} placeholder="Paste an id or pick a recent one" spellCheck={false} />
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s.id} value={s.id}>
              {`${s.kind === 'run' ? 'Run' : 'Dataset'}: ${s.label}`}
            </option>
          ))}
        </datalist>
      </label>
      <button type="submit" className="primary">
        Explore
      </button>
      <label>
        Depth
        <select value={depth} onChange={(e) => onDepth(Number(e.target.value))}>
          {Array.from({ length: MAX_DEPTH }, (_, i) => i + 1).map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        Direction
        <select value={direction} onChange={(e) => onDirection(e.target.value as Direction)}>
          {DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {DIRECTION_TEXT[d]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
