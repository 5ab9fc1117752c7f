// What the server refused, above the form: its detail in its own words, then each field it named as a link
// to that field. Focused when it appears, so a keyboard or screen reader user lands on it.
import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../../api/client';

export interface PlacedFault {
  message: string;
  /** The id of the input the fault is shown beside. */
  target: string;
}

export function FaultSummary({ error, faults, what, verb, children }: { error: unknown; faults: PlacedFault[]; what: string; verb: string; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  const detail = error instanceof ApiError ? (error.problem.detail ?? error.message) : error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? (error.problem.error_code ?? `HTTP ${error.status}`) : undefined;
  return (
    <div className="error fault-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>
        The server did not {verb} this {what}
      </h2>
      <p>
        {code && <strong>{code}: </strong>}
        {detail}
      </p>
      {faults.length > 0 && (
        <ul>
          {faults.map((f, i) => (
            <li key={i}>
              <a href={`#${f.target}`} onClick={(e) => { e.preventDefault(); document.getElementById(f.target)?.focus(); }}>
                {f.message === detail ? 'Go to the field it names' : f.message}
              </a>
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}
