// One labelled control of the register-run form, with its hint and the server's words about it beside it.
import type { ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  required?: boolean;
}

export function RunField({ id, label, hint, fault, required = false, children }: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  fault?: string | undefined;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : '', fault ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`run-field${fault ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required-mark"> (required)</span> : null}
      </label>
      {children({ id, required, ...(fault ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <span id={`${id}-hint`} className="muted hint">
          {hint}
        </span>
      )}
      {fault && (
        <p id={`${id}-error`} className="field-errors">
          <span aria-hidden="true">✖ </span>
          {fault}
        </p>
      )}
    </div>
  );
}

/** An id safe for HTML from a key a template chose. */
export const safeId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
