import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { authApi } from '../../api/auth';
import { ApiError } from '../../api/client';
import { ErrorBanner, serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Loading } from '../../components/ui';
import { isLocale } from '../../i18n';
import { homePath } from '../../lib/roles';
import { useSession } from '../../lib/session';
import { AuthShell } from './AuthShell';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const { user, loading, signIn } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '', confirm: '', role: '' as '' | 'buyer' | 'seller' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (loading) return <Loading />;
  if (user) return <Navigate to={homePath(user)} replace />;

  const set = (key: keyof typeof form, value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!form.role) found.role = t('auth.chooseAccountType');
    if (!form.name.trim()) found.name = t('validation.required');
    if (!EMAIL.test(form.email.trim())) found.email = t('validation.email');
    if (form.password.length < 10) found.password = t('validation.passwordLength', { min: 10 });
    if (form.confirm !== form.password) found.confirm = t('validation.passwordMismatch');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      // Sellers read Chinese by default; a buyer keeps the language they are reading now.
      const locale = form.role === 'seller' ? 'zh-CN' : isLocale(i18n.language) ? i18n.language : 'en';
      await authApi.register({ name: form.name.trim(), email: form.email.trim(), password: form.password, role: form.role as 'buyer' | 'seller', locale });
      const signedIn = await signIn(form.email.trim(), form.password);
      navigate(homePath(signedIn), { replace: true });
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
      }
      setBusy(false);
    }
  };

  return (
    <AuthShell>
      <h1 className="auth-title">{t('auth.registerTitle')}</h1>
      <p className="muted auth-sub">{t('auth.registerSubtitle')}</p>
      <form onSubmit={submit} noValidate className="form" data-testid="register-form">
        <ErrorBanner error={error} />
        <fieldset className="field">
          <legend className="field-label">
            {t('auth.accountType')}
            <span className="field-required" aria-hidden="true"> *</span>
          </legend>
          <div className="choice-cards">
            {(['seller', 'buyer'] as const).map((role) => (
              <label key={role} className={`choice-card ${form.role === role ? 'selected' : ''}`}>
                <input type="radio" name="role" value={role} checked={form.role === role} onChange={() => set('role', role)} data-testid={`register-role-${role}`} />
                <span className="choice-title">{t(`auth.accountTypes.${role}.title`)}</span>
                <span className="choice-desc">{t(`auth.accountTypes.${role}.desc`)}</span>
              </label>
            ))}
          </div>
          {errors.role && (
            <p className="field-error" role="alert">
              {errors.role}
            </p>
          )}
        </fieldset>
        <Field label={t('auth.name')} error={errors.name} required>
          <input autoComplete="name" value={form.name} onChange={(e) => set('name', e.target.value)} data-testid="register-name" />
        </Field>
        <Field label={t('auth.email')} error={errors.email} required>
          <input type="email" autoComplete="email" value={form.email} onChange={(e) => set('email', e.target.value)} data-testid="register-email" />
        </Field>
        <Field label={t('auth.password')} error={errors.password} hint={t('auth.passwordHint')} required>
          <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => set('password', e.target.value)} data-testid="register-password" />
        </Field>
        <Field label={t('auth.confirmPassword')} error={errors.confirm} required>
          <input type="password" autoComplete="new-password" value={form.confirm} onChange={(e) => set('confirm', e.target.value)} data-testid="register-confirm" />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="register-submit">
          {busy ? t('auth.registering') : t('auth.register')}
        </button>
      </form>
      <p className="auth-alt">
        {t('auth.haveAccount')} <Link to="/login">{t('auth.signIn')}</Link>
      </p>
    </AuthShell>
  );
}
