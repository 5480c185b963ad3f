import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { authApi } from '../api/auth';
import { setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Locale, User } from '../api/types';
import i18n, { rememberLocale } from '../i18n';

interface SessionValue {
  user: User | null;
  /** True until the first /auth/me answers. */
  loading: boolean;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  /** Reloads the user (after a change to their seller memberships, for example). */
  refresh(): Promise<User | null>;
  setLocale(locale: Locale): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

function applyUser(user: User | null, csrfToken: string | null) {
  setCsrfToken(csrfToken);
  if (user && i18n.language !== user.locale) void i18n.changeLanguage(user.locale);
  if (user) rememberLocale(user.locale);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const session = await authApi.me();
      applyUser(session.user, session.csrfToken);
      setUser(session.user);
      return session.user;
    } catch {
      applyUser(null, null);
      setUser(null);
      return null;
    }
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setUser(null);
    });
    void refresh().finally(() => setLoading(false));
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await authApi.login(email, password);
    applyUser(session.user, session.csrfToken);
    setUser(session.user);
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      setUser(null);
    }
  }, []);

  const setLocale = useCallback(
    async (locale: Locale) => {
      rememberLocale(locale);
      await i18n.changeLanguage(locale);
      if (user) {
        const updated = await authApi.setLocale(locale);
        setUser((prev) => (prev ? { ...prev, ...updated, sellers: updated.sellers ?? prev.sellers } : prev));
      }
    },
    [user],
  );

  const value = useMemo<SessionValue>(() => ({ user, loading, signIn, signOut, refresh, setLocale }), [user, loading, signIn, signOut, refresh, setLocale]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user inside pages that require one. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
