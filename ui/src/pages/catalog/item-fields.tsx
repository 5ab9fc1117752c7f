// An item's fields as a person reads them: ids of other items as links named by those items, lists of
// flat records as tables, anything deeper as folded JSON.
import { Link } from '@tanstack/react-router';
import { JsonView } from '../../components/json-view';
import { humanise, REFERENCE_FIELDS } from './kinds';
import { useItem } from './registry-api';
import type { RegistryKind } from './types';

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isFlat = (v: unknown): v is Record<string, Scalar> => isRecord(v) && Object.values(v).every(isScalar);

/** A link to another item, named by that item once it has loaded. */
export function RefLink({ kind, id, withId = true }: { kind: RegistryKind; id: string; withId?: boolean }) {
  const found = useItem(kind, id);
  return (
    <Link to="/catalog/$kind/$id" params={{ kind, id }} search={{}} className="ref-link" title={id}>
      {found.data ? found.data.item.display_name : id}
      {found.data && withId && <span className="mono muted"> {id}</span>}
      {found.isError && <span className="muted"> (not found)</span>}
    </Link>
  );
}

function ScalarValue({ field, value, inTable = false }: { field: string; value: Scalar; inTable?: boolean }) {
  const kind = REFERENCE_FIELDS[field];
  if (kind && typeof value === 'string') return <RefLink kind={kind} id={value} withId={!inTable} />;
  if (value === null || value === '') return <span className="muted">—</span>;
  if (typeof value === 'boolean') return <span>{value ? 'yes' : 'no'}</span>;
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return <a href={value}>{value}</a>;
  return <span className="field-text">{String(value)}</span>;
}

function RecordTable({ field, rows }: { field: string; rows: Record<string, Scalar>[] }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <table className="data nested-table">
      <caption className="visually-hidden">{humanise(field)}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {humanise(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{row[c] === undefined ? <span className="muted">—</span> : <ScalarValue field={c} value={row[c]!} inTable />}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FieldValue({ field, value }: { field: string; value: unknown }) {
  if (value === undefined) return <span className="muted">—</span>;
  if (isScalar(value)) return <ScalarValue field={field} value={value} />;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    if (value.every(isScalar)) {
      return (
        <ul className="chips">
          {value.map((v, i) => (
            <li key={i}>
              <ScalarValue field={field} value={v} />
            </li>
          ))}
        </ul>
      );
    }
    if (value.every(isFlat)) return <RecordTable field={field} rows={value} />;
  }
  if (isRecord(value) && Object.values(value).every((v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)))) {
    return Object.keys(value).length === 0 ? <span className="muted">none</span> : <Fields fields={value} nested />;
  }
  return <JsonView value={value} label={humanise(field)} />;
}

export function Fields({ fields, nested = false }: { fields: Record<string, unknown>; nested?: boolean }) {
  return (
    <dl className={`facts item-fields${nested ? ' nested' : ''}`}>
      {Object.entries(fields).map(([key, value]) => (
        <div key={key} className="field-row">
          <dt>{nested ? key : humanise(key)}</dt>
          <dd>
            <FieldValue field={key} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
