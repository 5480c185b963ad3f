import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Loading } from '../../components/ui';
import { homePath } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { AuthShell } from './AuthShell';

function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { user, loading, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (loading) return <Loading />;
  if (user) return <Navigate to={safeNext(params.get('next')) ?? homePath(user)} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!email.trim()) found.email = t('validation.required');
    if (!password) found.password = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      const signedIn = await signIn(email.trim(), password);
      navigate(safeNext(params.get('next')) ?? homePath(signedIn), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <AuthShell>
      <h1 className="auth-title">{t('auth.signInTitle')}</h1>
      <p className="muted auth-sub">{t('auth.signInSubtitle')}</p>
      <form onSubmit={submit} noValidate className="form" data-testid="login-form">
        <ErrorBanner error={error} />
        <Field label={t('auth.email')} error={errors.email} required>
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" autoFocus />
        </Field>
        <Field label={t('auth.password')} error={errors.password} required>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
      <p className="auth-alt">
        {t('auth.noAccount')}{' '}
        <Link to="/register" data-testid="register-link">
          {t('auth.registerLink')}
        </Link>
      </p>
    </AuthShell>
  );
}
