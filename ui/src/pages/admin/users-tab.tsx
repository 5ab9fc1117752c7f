// Users: create one, change a role, disable or enable. The server refuses a change that would leave no
// enabled admin; its words are shown.
import { useState, type FormEvent } from 'react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Time } from '../../components/status';
import { useUsersPage } from './queries';
import { RoleOptions } from './role-options';

const route = getRouteApi('/admin');
type Role = User['role'];

export function UsersTab() {
  const { page } = route.useSearch();
  const navigate = useNavigate();
  const trail = page ?? [];
  const users = useUsersPage(trail.at(-1));
  const queryClient = useQueryClient();
  const { me } = useAuth();
  const [said, setSaid] = useState('');
  const change = useMutation({
    mutationFn: ({ user, patch }: { user: User; patch: { role?: Role; disabled?: boolean } }) =>
      api<User>(`/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (user, { patch }) => {
      setSaid(patch.role ? `${user.username} is now ${user.role}.` : `${user.username} is ${user.disabled ? 'disabled: they can no longer sign in' : 'enabled again'}.`);
      return queryClient.invalidateQueries({ queryKey: ['admin-users'] });
    },
    onError: () => setSaid(''),
  });

  return (
    <div className="admin-grid">
      <section aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        <p className="status-line" role="status">
          {said}
        </p>
        <ErrorNote error={change.error} />
        {users.isPending && <Loading what="users" />}
        <ErrorNote error={users.error} />
        {users.data && (
          <table className="data users-table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    {user.username}
                    {me?.id === user.id && <span className="muted"> (you)</span>}
                  </th>
                  <td>
                    <select
                      aria-label={`Role of ${user.username}`}
                      value={user.role}
                      disabled={change.isPending}
                      onChange={(e) => change.mutate({ user, patch: { role: e.target.value as Role } })}
                    >
                      <RoleOptions />
                    </select>
                  </td>
                  <td>
                    <span className={`badge ${user.disabled ? 'status-failed' : 'status-success'}`}>{user.disabled ? 'Disabled' : 'Active'}</span>
                  </td>
                  <td>
                    <Time at={user.created_at} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className={user.disabled ? undefined : 'danger'}
                      disabled={change.isPending}
                      onClick={() => change.mutate({ user, patch: { disabled: !user.disabled } })}
                    >
                      {user.disabled ? 'Enable' : 'Disable'} <span className="visually-hidden">{user.username}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {(trail.length > 0 || users.data?.next_page_token) && (
          <Pager trail={trail} next={users.data?.next_page_token} onMove={(next) => void navigate({ to: '/admin', search: { tab: 'users', ...(next.length ? { page: next } : {}) } })} />
        )}
      </section>
      <NewUserForm onCreated={(u) => setSaid(`${u.username} was created as ${u.role}.`)} />
    </div>
  );
}

function NewUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: { username: string; password: string; role: Role }) => api<User>('/users', { body }),
    onSuccess: (user) => {
      onCreated(user);
      return queryClient.invalidateQueries({ queryKey: ['admin-users'] });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    create.mutate(
      { username: String(form.get('username')), password: String(form.get('password')), role: String(form.get('role')) as Role },
      { onSuccess: () => formEl.reset() },
    );
  }
  return (
    <form className="panel admin-form" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">New user</h2>
      <label>
        Username
        <input name="username" required pattern="[A-Za-z0-9._@\-]+" maxLength={100} autoComplete="off" />
      </label>
      <label>
        Password
        <input name="password" type="password" required minLength={12} autoComplete="new-password" aria-describedby="password-help" />
      </label>
      <p id="password-help" className="muted help">
        At least 12 characters.
      </p>
      <label>
        Role
        <select name="role" defaultValue="reader">
          <RoleOptions />
        </select>
      </label>
      <ErrorNote error={create.error} />
      <div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}
