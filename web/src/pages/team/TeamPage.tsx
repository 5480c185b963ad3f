import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Locale } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { ErrorBanner, serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { Callout, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';
import { useResource } from '../../lib/useResource';
import { teamApi, type Invitation, type TeamMember } from './api';
import { teamErrorText } from './errors';

/** The owner's team: who works for the shop, who has been invited, and the invitation form. */
export function TeamPage() {
  const { t } = useTranslation();
  const user = useUser();
  const membership = currentMembership(user);
  const owner = membership?.memberRole === 'owner';
  const sellerId = owner ? membership.sellerId : null;
  const team = useResource(async () => (sellerId ? teamApi.team(sellerId) : null), [sellerId]);

  if (!sellerId) {
    return (
      <div className="page">
        <PageHeader title={t('team.title')} />
        <Callout tone="info" title={t('team.ownerOnlyTitle')} testId="team-owner-only">
          {t('team.ownerOnlyBody')}
        </Callout>
      </div>
    );
  }
  if (team.loading && !team.data) return <Loading />;
  return (
    <div className="page" data-testid="team-page">
      <PageHeader title={t('team.title')} subtitle={team.data ? t('team.subtitle', { shop: team.data.shopName }) : undefined} />
      <ErrorBanner error={team.error} />
      {team.data && (
        <div className="stack">
          <InviteForm sellerId={sellerId} onInvited={team.reload} />
          <InvitationsCard sellerId={sellerId} invitations={team.data.invitations} onChanged={team.reload} />
          <MembersCard sellerId={sellerId} members={team.data.members} onChanged={team.reload} />
        </div>
      )}
    </div>
  );
}

function InviteForm({ sellerId, onInvited }: { sellerId: string; onInvited: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) return setFieldError(t('validation.required'));
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return setFieldError(t('team.invite.emailInvalid'));
    setFieldError(undefined);
    setError(null);
    setBusy(true);
    try {
      await teamApi.invite(sellerId, address, locale);
      toast(t('team.invite.sent', { email: address }));
      setEmail('');
      await onInvited();
    } catch (err) {
      if (err instanceof ApiError && (err.fields.email || err.extra.field === 'email')) {
        setFieldError(err.code === 'validation_failed' ? serverFieldText(t, i18n.language, err.fields.email) : teamErrorText(t, err));
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('team.invite.title')} testId="team-invite">
      <p className="muted section-hint">{t('team.invite.intro')}</p>
      <form onSubmit={submit} noValidate className="form team-invite-form">
        {error ? <p className="field-error" role="alert">{teamErrorText(t, error)}</p> : null}
        <Field label={t('team.invite.email')} error={fieldError} required>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} autoComplete="off" data-testid="team-invite-email" />
        </Field>
        <Field label={t('team.invite.language')} hint={t('team.invite.languageHint')}>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="team-invite-locale">
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="team-invite-submit">
            {busy ? t('team.invite.sending') : t('team.invite.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function InvitationsCard({ sellerId, invitations, onChanged }: { sellerId: string; invitations: Invitation[]; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const revoke = async (inv: Invitation) => {
    const ok = await confirm({ title: t('team.invitations.confirmRevokeTitle', { email: inv.email }), body: t('team.invitations.confirmRevoke'), confirmLabel: t('team.invitations.revoke'), tone: 'danger' });
    if (!ok) return;
    try {
      await teamApi.revoke(sellerId, inv.id);
      toast(t('team.invitations.revoked', { email: inv.email }));
    } catch (err) {
      toast(teamErrorText(t, err), 'danger');
    }
    await onChanged();
  };
  return (
    <Card title={t('team.invitations.title')} testId="team-invitations">
      {invitations.length === 0 ? (
        <EmptyState title={t('team.invitations.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('team.col.email')}</th>
                <th scope="col">{t('team.col.invitedBy')}</th>
                <th scope="col">{t('team.col.sent')}</th>
                <th scope="col">{t('team.col.expires')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((inv) => (
                <tr key={inv.id} data-testid={`team-invitation-${inv.email}`}>
                  <td className="cell-main">{inv.email}</td>
                  <td>{inv.invitedBy.name ?? '—'}</td>
                  <td>{formatDateTime(inv.createdAt)}</td>
                  <td>{inv.status === 'expired' ? <span className="tag team-tag-expired">{t('team.invitations.expired')}</span> : formatDate(inv.expiresAt)}</td>
                  <td className="cell-actions">
                    <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => revoke(inv)} data-testid={`team-revoke-${inv.id}`}>
                      {t('team.invitations.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function MembersCard({ sellerId, members, onChanged }: { sellerId: string; members: TeamMember[]; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const remove = async (m: TeamMember) => {
    const ok = await confirm({ title: t('team.members.confirmRemoveTitle', { name: m.name }), body: t('team.members.confirmRemove'), confirmLabel: t('team.members.remove'), tone: 'danger' });
    if (!ok) return;
    try {
      await teamApi.remove(sellerId, m.userId);
      toast(t('team.members.removed', { name: m.name }));
    } catch (err) {
      toast(teamErrorText(t, err), 'danger');
    }
    await onChanged();
  };
  return (
    <Card title={t('team.members.title')} testId="team-members">
      <p className="muted section-hint">{t('team.members.intro')}</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('team.col.name')}</th>
              <th scope="col">{t('team.col.email')}</th>
              <th scope="col">{t('team.col.role')}</th>
              <th scope="col">{t('team.col.since')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-testid={`team-member-${m.email}`}>
                <td className="cell-main">{m.name}</td>
                <td>{m.email}</td>
                <td>
                  <span className={`tag team-role-${m.memberRole}`}>{t(`team.role.${m.memberRole}`)}</span>
                </td>
                <td>{formatDate(m.since)}</td>
                <td className="cell-actions">
                  {m.memberRole === 'staff' && (
                    <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => remove(m)} data-testid={`team-remove-${m.userId}`}>
                      {t('team.members.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
