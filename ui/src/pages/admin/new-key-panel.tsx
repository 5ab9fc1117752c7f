// The key just created, shown this once with a copy button; dismissing it forgets it.
import { useEffect, useRef, useState } from 'react';
import type { CreatedApiKey } from '../../api/types';

export function NewKeyPanel({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => heading.current?.focus(), [created.id]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for the person to copy.
      field.current?.select();
      setCopied('no');
    }
  }

  return (
    <section className="new-key" aria-labelledby="new-key-shown">
      <h3 id="new-key-shown" ref={heading} tabIndex={-1}>
        API key “{created.name}” created ({created.role})
      </h3>
      <p className="new-key-warning">
        <strong>Copy it now: you will not see it again.</strong> runledger keeps only a hash of it; if it is lost, revoke it and create another.
      </p>
      <div className="new-key-row">
        <label className="new-key-label">
          New API key
          <input ref={field} readOnly value={created.key} className="mono" onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        </label>
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy key
        </button>
      </div>
      <p role="status" className="muted small">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The clipboard is not available here: the key is selected, copy it with your keyboard.' : ''}
      </p>
      <button type="button" onClick={onDismiss}>
        I have stored it — dismiss
      </button>
    </section>
  );
}
