import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { ApiError } from '../../api/client';
import { API_KEY_ROLES, type ApiKeyRole, type CreatedApiKey } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { SecretReveal } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, errorText, serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { RoleCheckboxes } from './UsersPage';

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const keys = useResource(() => adminApi.apiKeys(), []);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<ApiKeyRole[]>(['integration']);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const create = async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    if (roles.length === 0) found.roles = t('admin.users.chooseRole');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      const key = await adminApi.createApiKey({ name: name.trim(), roles });
      setCreated(key);
      setCreating(false);
      await keys.reload();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string, keyName: string) => {
    const ok = await confirm({ title: t('admin.keys.confirmRevokeTitle', { name: keyName }), body: t('admin.keys.confirmRevoke'), confirmLabel: t('admin.keys.revoke'), tone: 'danger' });
    if (!ok) return;
    try {
      await adminApi.revokeApiKey(id);
      toast(t('admin.keys.revoked', { name: keyName }));
      await keys.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const items = keys.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader
        title={t('admin.keys.title')}
        subtitle={t('admin.keys.subtitle')}
        actions={
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setName('');
              setRoles(['integration']);
              setErrors({});
              setError(null);
              setCreating(true);
            }}
            data-testid="key-create"
          >
            + {t('admin.keys.create')}
          </button>
        }
      />
      {created && (
        <SecretReveal secret={created.secret} title={t('admin.keys.createdTitle', { name: created.name })} testId="key-secret" onDismiss={() => setCreated(null)} />
      )}
      <ErrorBanner error={keys.error} />
      {keys.loading && !keys.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('admin.keys.empty')}>{t('admin.keys.emptyBody')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.keys.col.name')}</th>
                <th scope="col">{t('admin.keys.col.prefix')}</th>
                <th scope="col">{t('admin.keys.col.roles')}</th>
                <th scope="col">{t('admin.keys.col.created')}</th>
                <th scope="col">{t('admin.keys.col.lastUsed')}</th>
                <th scope="col">{t('admin.keys.col.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'row-muted' : ''} data-testid={`key-row-${k.id}`}>
                  <td className="cell-main">{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    <span className="tags">
                      {k.roles.map((r) => (
                        <span key={r} className="tag">
                          {t(`roles.${r}`)}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('admin.keys.never')}</td>
                  <td>{k.revokedAt ? <StatusBadge kind="webhook" status="revoked" /> : <StatusBadge kind="user" status="active" />}</td>
                  <td className="cell-actions">
                    {!k.revokedAt && (
                      <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => revoke(k.id, k.name)} data-testid={`key-revoke-${k.id}`}>
                        {t('admin.keys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={creating} title={t('admin.keys.create')} onClose={() => !busy && setCreating(false)} onSubmit={create} busy={busy} submitLabel={t('admin.keys.createSubmit')} testId="key-dialog" wide>
        <ErrorBanner error={error} />
        <Field label={t('admin.keys.name')} hint={t('admin.keys.nameHint')} error={errors.name} required>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="key-name" maxLength={100} />
        </Field>
        <RoleCheckboxes roles={API_KEY_ROLES} value={roles} onChange={setRoles} testIdPrefix="key-role" error={errors.roles} />
      </Dialog>
    </div>
  );
}
