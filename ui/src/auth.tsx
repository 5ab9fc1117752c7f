// Who is signed in. The token comes from /token (OAuth2 password grant) and is kept for this tab only.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, onAuthFailure } from './api/client';
import { readToken, writeToken } from './api/session';
import type { Me } from './api/types';

interface AuthState {
  me: Me | null;
  /** Set when the last call was refused: 401 (signed out or token expired) or 403 (role too low). */
  refused: 401 | 403 | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): void;
  clearRefusal(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(() => readToken() === null);
  const [refused, setRefused] = useState<401 | 403 | null>(null);

  useEffect(() => {
    if (!readToken()) return;
    api<Me>('/me')
      .then(setMe)
      .catch(() => writeToken(null))
      .finally(() => setReady(true));
  }, []);

  useEffect(
    () =>
      onAuthFailure((status) => {
        if (status === 401) {
          writeToken(null);
          setMe(null);
        }
        setRefused(status === 401 ? 401 : 403);
      }),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const token = await api<{ access_token: string }>('/token', { form: { grant_type: 'password', username, password } });
    writeToken(token.access_token);
    setMe(await api<Me>('/me'));
    setRefused(null);
  }, []);

  const signOut = useCallback(() => {
    writeToken(null);
    setMe(null);
    setRefused(null);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo(() => ({ me, refused, signIn, signOut, clearRefusal: () => setRefused(null) }), [me, refused, signIn, signOut]);
  if (!ready) return <p className="loading">Loading…</p>;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** True when the signed-in principal's role reaches `role` (reader < writer < admin). */
export function hasRole(me: Me | null, role: 'reader' | 'writer' | 'admin'): boolean {
  const rank = { reader: 0, writer: 1, admin: 2 } as const;
  return me !== null && rank[me.role] >= rank[role];
}
