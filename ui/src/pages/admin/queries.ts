// The admin reads: users and API keys, a page at a time, and every user for naming who made a key.
import { useQuery } from '@tanstack/react-query';
import { api, query, type Page } from '../../api/client';
import type { ApiKey, User } from '../../api/types';
import { allPages } from '../projects/queries';

export function useUsersPage(pageToken: string | undefined, pageSize = 50) {
  return useQuery({ queryKey: ['admin-users', pageToken ?? '', pageSize], queryFn: () => api<Page<User>>(`/users${query({ max_results: pageSize, page_token: pageToken })}`) });
}

export function useAllUsers() {
  return useQuery({ queryKey: ['admin-users', 'all'], queryFn: () => allPages<User>('/users') });
}

export function useKeysPage(pageToken: string | undefined, pageSize = 50) {
  return useQuery({ queryKey: ['admin-keys', pageToken ?? '', pageSize], queryFn: () => api<Page<ApiKey>>(`/api-keys${query({ max_results: pageSize, page_token: pageToken })}`) });
}

export const ROLES = ['reader', 'writer', 'admin'] as const satisfies readonly User['role'][];
