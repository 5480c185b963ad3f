import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Callout, Loading } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useResource } from '../../lib/useResource';
import { AuthShell } from '../auth/AuthShell';
import { teamApi, type InvitationPreview } from './api';
import { teamErrorText } from './errors';

/**
 * The page an invitation e-mail links to, open without signing in: which shop invites, then either a new
 * account for the invited address or joining with the account already signed in.
 */
export function AcceptInvitationPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const { user, loading } = useSession();
  // After the session is known: a signed-in visitor's POST must carry the CSRF token the session brings.
  const preview = useResource(async () => (loading ? undefined : teamApi.preview(token)), [token, loading]);
  const languageSet = useRef(false);

  // Sellers read Chinese by default: a visitor not signed in sees the invitation's language first.
  useEffect(() => {
    if (!languageSet.current && preview.data && !loading && !user) {
      languageSet.current = true;
      if (i18n.language !== preview.data.locale) void i18n.changeLanguage(preview.data.locale);
    }
  }, [preview.data, loading, user, i18n]);

  let body;
  if ((preview.loading && !preview.data) || loading) body = <Loading />;
  else if (preview.error || !preview.data) {
    const notFound = preview.error instanceof ApiError && (preview.error.status === 404 || preview.error.status === 400);
    body = (
      <Callout tone="danger" title={notFound ? t('team.accept.invalidTitle') : teamErrorText(t, preview.error)} testId="invite-invalid">
        {notFound && t('team.accept.invalidBody')}
      </Callout>
    );
  } else if (preview.data.status !== 'pending') {
    body = (
      <Callout tone="warning" title={t(`team.accept.closed.${preview.data.status}`)} testId="invite-closed">
        {t('team.accept.closedBody', { shop: preview.data.shopName })}
      </Callout>
    );
  } else body = user ? <JoinAsCurrent token={token} invitation={preview.data} /> : <NewAccount token={token} invitation={preview.data} />;

  return (
    <AuthShell>
      <div data-testid="invite-page">
        <h1 className="auth-title">{preview.data ? t('team.accept.title', { shop: preview.data.shopName }) : t('team.accept.titleGeneric')}</h1>
        {preview.data && preview.data.status === 'pending' && (
          <p className="muted auth-sub" data-testid="invite-shop">
            {t('team.accept.subtitle', { shop: preview.data.shopName, date: formatDate(preview.data.expiresAt) })}
          </p>
        )}
        {body}
      </div>
    </AuthShell>
  );
}

function JoinAsCurrent({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const { t } = useTranslation();
  const { user, refresh, signOut } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await teamApi.accept(token);
      await refresh();
      navigate('/seller/orders', { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div className="stack team-accept">
      {error ? <Callout tone="danger" title={teamErrorText(t, error)} testId="invite-error" /> : null}
      <p>{t('team.accept.joinAs', { name: user.name, email: user.email })}</p>
      {user.email.toLowerCase() !== invitation.email.toLowerCase() && <p className="muted small">{t('team.accept.otherAddress', { email: invitation.email })}</p>}
      <button type="button" className="btn btn-primary btn-block" onClick={join} disabled={busy} data-testid="invite-join">
        {busy ? t('team.accept.joining') : t('team.accept.join')}
      </button>
      <button type="button" className="btn btn-ghost btn-block" onClick={() => void signOut()} disabled={busy} data-testid="invite-sign-out">
        {t('team.accept.useAnother')}
      </button>
    </div>
  );
}

function NewAccount({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const { t, i18n } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = `/login?next=${encodeURIComponent(`/invite/${token}`)}`;

  if (invitation.accountExists) {
    return (
      <Callout tone="info" title={t('team.accept.hasAccountTitle', { email: invitation.email })} testId="invite-has-account">
        <p>{t('team.accept.hasAccountBody')}</p>
        <Link to={next} className="btn btn-primary" data-testid="invite-sign-in">
          {t('team.accept.signIn')}
        </Link>
      </Callout>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    if (password.length < 10) found.password = t('team.accept.passwordShort');
    if (repeat !== password) found.repeat = t('team.accept.passwordMismatch');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      await teamApi.accept(token, { name: name.trim(), password });
      await signIn(invitation.email, password);
      navigate('/seller/orders', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) {
        setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
      }
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form" data-testid="invite-form">
      {error ? <Callout tone="danger" title={teamErrorText(t, error)} testId="invite-error" /> : null}
      <Field label={t('team.accept.email')} hint={t('team.accept.emailHint')}>
        <input type="email" value={invitation.email} readOnly data-testid="invite-email" />
      </Field>
      <Field label={t('team.accept.name')} error={errors.name} required>
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={120} data-testid="invite-name" autoFocus />
      </Field>
      <Field label={t('team.accept.password')} hint={t('team.accept.passwordHint')} error={errors.password} required>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" data-testid="invite-password" />
      </Field>
      <Field label={t('team.accept.repeat')} error={errors.repeat} required>
        <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" data-testid="invite-password-repeat" />
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="invite-accept">
        {busy ? t('team.accept.creating') : t('team.accept.create')}
      </button>
      <p className="auth-alt">
        {t('team.accept.haveAccount')}{' '}
        <Link to={next} data-testid="invite-sign-in">
          {t('team.accept.signIn')}
        </Link>
      </p>
    </form>
  );
}
