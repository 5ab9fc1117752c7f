// Keyset paging: the server hands out a next_page_token; the URL keeps the trail of tokens so Back works.
export function Pager({ trail, next, onMove }: { trail: string[]; next: string | undefined; onMove: (trail: string[]) => void }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={trail.length === 0} onClick={() => onMove(trail.slice(0, -1))}>
        ← Newer
      </button>
      <span className="muted">Page {trail.length + 1}</span>
      <button type="button" disabled={!next} onClick={() => next && onMove([...trail, next])}>
        Older →
      </button>
    </nav>
  );
}
