// API keys: create one (the key is shown once, here, and kept nowhere: not in the URL, not in a cache),
// list them (never the keys), revoke one after a confirmation.
import { useState, type FormEvent } from 'react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ApiKey, CreatedApiKey, User } from '../../api/types';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Time } from '../../components/status';
import { NewKeyPanel } from './new-key-panel';
import { useAllUsers, useKeysPage } from './queries';
import { RoleOptions } from './role-options';

const route = getRouteApi('/admin');

export function KeysTab() {
  const { page } = route.useSearch();
  const navigate = useNavigate();
  const trail = page ?? [];
  const keys = useKeysPage(trail.at(-1));
  const users = useAllUsers();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api<void>(`/api-keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' }),
    onSuccess: (_v, key) => {
      setConfirming(null);
      setSaid(`The key “${key.name}” is revoked: it no longer works.`);
      return queryClient.invalidateQueries({ queryKey: ['admin-keys'] });
    },
  });
  const nameOf = (id: string | null) => (id ? (users.data?.find((u: User) => u.id === id)?.username ?? id) : '—');

  return (
    <div className="admin-grid">
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">API keys</h2>
        {created && <NewKeyPanel created={created} onDismiss={() => setCreated(null)} />}
        <p className="status-line" role="status">
          {said}
        </p>
        <ErrorNote error={revoke.error} />
        {keys.isPending && <Loading what="API keys" />}
        <ErrorNote error={keys.error} />
        {keys.data && keys.data.data.length === 0 && <p className="muted">No API keys yet.</p>}
        {keys.data && keys.data.data.length > 0 && (
          <table className="data keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>{key.role}</td>
                  <td>{nameOf(key.created_by)}</td>
                  <td>
                    <Time at={key.created_at} />
                  </td>
                  <td>
                    {key.revoked_at ? (
                      <>
                        <span className="badge status-failed">Revoked</span> <Time at={key.revoked_at} />
                      </>
                    ) : (
                      <span className="badge status-success">Active</span>
                    )}
                  </td>
                  <td className="key-actions">
                    {!key.revoked_at && confirming !== key.id && (
                      <button type="button" className="danger" onClick={() => setConfirming(key.id)}>
                        Revoke <span className="visually-hidden">{key.name}</span>
                      </button>
                    )}
                    {!key.revoked_at && confirming === key.id && (
                      <div className="confirm" role="group" aria-label={`Confirm revoking ${key.name}`}>
                        <span>Revoke “{key.name}”? Anything using it stops working at once.</span>
                        <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(key)}>
                          Yes, revoke
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {(trail.length > 0 || keys.data?.next_page_token) && (
          <Pager trail={trail} next={keys.data?.next_page_token} onMove={(next) => void navigate({ to: '/admin', search: { tab: 'keys', ...(next.length ? { page: next } : {}) } })} />
        )}
      </section>
      <NewKeyForm
        onCreated={(key) => {
          setSaid('');
          setCreated(key);
        }}
      />
    </div>
  );
}

function NewKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: { name: string; role: ApiKey['role'] }) => api<CreatedApiKey>('/api-keys', { body }),
    onSuccess: (key) => {
      onCreated(key);
      return queryClient.invalidateQueries({ queryKey: ['admin-keys'] });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    create.mutate({ name: String(form.get('name')).trim(), role: String(form.get('role')) as ApiKey['role'] }, { onSuccess: () => formEl.reset() });
  }
  return (
    <form className="panel admin-form" onSubmit={submit} aria-labelledby="new-key-title">
      <h2 id="new-key-title">New API key</h2>
      <label>
        Key name
        <input name="name" required maxLength={200} autoComplete="off" placeholder="e.g. nightly loader" />
      </label>
      <label>
        Role
        <select name="role" defaultValue="reader">
          <RoleOptions />
        </select>
      </label>
      <ErrorNote error={create.error} />
      <div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create key
        </button>
      </div>
    </form>
  );
}
