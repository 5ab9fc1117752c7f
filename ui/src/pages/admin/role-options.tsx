import { ROLES } from './queries';

/** The roles, weakest first, as the options of a select. */
export function RoleOptions() {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </>
  );
}
