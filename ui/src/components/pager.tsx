// Keyset paging: the server hands out a next_page_token; the URL keeps the trail of tokens so Back works.
/** `labels` name the two directions: newest-first lists go back to newer, oldest-first ones to earlier. */
export function Pager({
  trail,
  next,
  onMove,
  labels = ['← Newer', 'Older →'],
}: {
  trail: string[];
  next: string | undefined;
  onMove: (trail: string[]) => void;
  labels?: [string, string];
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={trail.length === 0} onClick={() => onMove(trail.slice(0, -1))}>
        {labels[0]}
      </button>
      <span className="muted">Page {trail.length + 1}</span>
      <button type="button" disabled={!next} onClick={() => next && onMove([...trail, next])}>
        {labels[1]}
      </button>
    </nav>
  );
}
