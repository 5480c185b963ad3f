import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { UserRole } from '../api/types';
import { Loading } from '../components/ui';
import { ForbiddenPage } from '../pages/common/Pages';
import { hasRole } from './roles';
import { useSession } from './session';

/** Pages behind a sign-in send the visitor to the login page and back to where they were going. */
export function RequireUser({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

export function RequireRole({ roles, children }: { roles: UserRole[]; children: ReactNode }) {
  const { user } = useSession();
  if (!hasRole(user, ...roles)) return <ForbiddenPage />;
  return <>{children}</>;
}
