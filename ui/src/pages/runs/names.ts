// Names for the ids runs carry: pipelines (from Gentrace's list) and, for admins, users and API keys.
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { ApiKey, Me, User } from '../../api/types';
import { hasRole, useAuth } from '../../auth';

interface Named {
  id: string;
  name: string;
}

export function usePipelines() {
  const pipelines = useQuery({
    queryKey: ['pipelines', 'names'],
    queryFn: () => api<{ pipelines: { id: string; slug: string; displayName: string }[] }>('/api/v1/pipelines?max_results=1000'),
    staleTime: 60_000,
  });
  const list: Named[] = (pipelines.data?.pipelines ?? []).map((p) => ({ id: p.id, name: p.displayName || p.slug }));
  const byId = new Map(list.map((p) => [p.id, p.name]));
  return { list, nameOf: (id: string | undefined) => (id ? byId.get(id) : undefined) };
}

/** Users and API keys by id, for admins (the only role that may list them); others see "you" or the id. */
export function useUserNames() {
  const { me } = useAuth();
  const admin = hasRole(me, 'admin');
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => api<Page<User>>('/users?max_results=1000'),
    enabled: admin,
    staleTime: 60_000,
  });
  const keys = useQuery({
    queryKey: ['api-keys', 'names'],
    queryFn: () => api<Page<ApiKey>>('/api-keys?max_results=1000'),
    enabled: admin,
    staleTime: 60_000,
  });
  const list: Named[] = [
    ...(users.data?.data ?? []).map((u) => ({ id: u.id, name: u.username })),
    ...(keys.data?.data ?? []).map((k) => ({ id: k.id, name: `key: ${k.name}` })),
  ];
  const byId = new Map(list.map((n) => [n.id, n.name]));
  const nameOf = (id: string | undefined, self: Me | null) => (id === undefined ? undefined : id === self?.id ? `${self.username} (you)` : (byId.get(id) ?? id.slice(0, 8)));
  return { list, nameOf };
}
