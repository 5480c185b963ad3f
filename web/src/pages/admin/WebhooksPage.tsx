import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { WebhookEndpoint } from '../../api/types';
import { webhooksApi } from '../../api/webhooks';
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

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const endpoints = useResource(() => webhooksApi.list(), []);
  const eventTypes = useResource(() => webhooksApi.eventTypes(), []);
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ url: '', description: '', all: true, types: [] as string[] });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);

  const create = async () => {
    const found: Record<string, string> = {};
    if (!isHttpUrl(form.url.trim())) found.url = t('validation.url');
    if (!form.all && form.types.length === 0) found.eventTypes = t('admin.webhooks.chooseEvents');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      const created = await webhooksApi.create({ url: form.url.trim(), description: form.description.trim() || undefined, eventTypes: form.all ? ['*'] : form.types });
      setSecret({ title: t('admin.webhooks.createdTitle', { url: created.url }), value: created.secret });
      setCreating(false);
      await endpoints.reload();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
    } finally {
      setBusy(false);
    }
  };

  const act = async (fn: () => Promise<unknown>, success: string) => {
    try {
      await fn();
      toast(success);
      await endpoints.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const rotate = async (ep: WebhookEndpoint) => {
    const ok = await confirm({ title: t('admin.webhooks.confirmRotateTitle'), body: t('admin.webhooks.confirmRotate'), confirmLabel: t('admin.webhooks.rotate'), tone: 'danger' });
    if (!ok) return;
    try {
      const res = await webhooksApi.rotateSecret(ep.id);
      setSecret({ title: t('admin.webhooks.rotatedTitle', { url: ep.url }), value: res.secret });
      await endpoints.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const items = endpoints.data?.items ?? [];
  const types = eventTypes.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader
        title={t('admin.webhooks.title')}
        subtitle={t('admin.webhooks.subtitle')}
        actions={
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setForm({ url: '', description: '', all: true, types: [] });
              setErrors({});
              setError(null);
              setCreating(true);
            }}
            data-testid="webhook-create"
          >
            + {t('admin.webhooks.create')}
          </button>
        }
      />
      {secret && (
        <SecretReveal secret={secret.value} title={secret.title} testId="webhook-secret" onDismiss={() => setSecret(null)} />
      )}
      <ErrorBanner error={endpoints.error} />
      {endpoints.loading && !endpoints.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('admin.webhooks.empty')}>{t('admin.webhooks.emptyBody')}</EmptyState>
      ) : (
        <div className="endpoint-list">
          {items.map((ep) => (
            <article key={ep.id} className="card endpoint" data-testid={`webhook-${ep.id}`}>
              <div className="endpoint-head">
                <div className="endpoint-title">
                  <code className="endpoint-url">{ep.url}</code>
                  {ep.description && <p className="muted small">{ep.description}</p>}
                </div>
                <StatusBadge kind="webhook" status={ep.enabled ? 'enabled' : 'disabled'} testId={`webhook-status-${ep.id}`} />
              </div>
              <div className="endpoint-meta">
                <span className="tags">
                  {ep.eventTypes.map((e) => (
                    <span key={e} className="tag">
                      {e === '*' ? t('admin.webhooks.allEvents') : e}
                    </span>
                  ))}
                </span>
                <span className="doc-counts">
                  <span className="count count-success">{t('admin.webhooks.stats.succeeded', { count: ep.stats.succeeded })}</span>
                  <span className="count count-info">{t('admin.webhooks.stats.pending', { count: ep.stats.pending })}</span>
                  {ep.stats.failed > 0 && <span className="count count-danger">{t('admin.webhooks.stats.failed', { count: ep.stats.failed })}</span>}
                </span>
                <span className="muted small">{t('admin.webhooks.createdAt', { date: formatDateTime(ep.createdAt) })}</span>
              </div>
              <div className="endpoint-actions">
                <Link to={`/admin/webhooks/${ep.id}`} className="btn btn-secondary btn-sm" data-testid={`webhook-log-${ep.id}`}>
                  {t('admin.webhooks.deliveryLog')}
                </Link>
                <button type="button" className="btn btn-secondary btn-sm" onClick={() => act(() => webhooksApi.test(ep.id), t('admin.webhooks.testSent'))} disabled={!ep.enabled} data-testid={`webhook-test-${ep.id}`}>
                  {t('admin.webhooks.sendTest')}
                </button>
                <button type="button" className="btn btn-secondary btn-sm" onClick={() => rotate(ep)} data-testid={`webhook-rotate-${ep.id}`}>
                  {t('admin.webhooks.rotate')}
                </button>
                <button
                  type="button"
                  className={`btn btn-sm ${ep.enabled ? 'btn-danger-outline' : 'btn-success'}`}
                  onClick={() => act(() => webhooksApi.update(ep.id, { enabled: !ep.enabled }), ep.enabled ? t('admin.webhooks.disabledToast') : t('admin.webhooks.enabledToast'))}
                  data-testid={`webhook-toggle-${ep.id}`}
                >
                  {ep.enabled ? t('admin.webhooks.disable') : t('admin.webhooks.enable')}
                </button>
              </div>
            </article>
          ))}
        </div>
      )}

      <Dialog open={creating} title={t('admin.webhooks.create')} onClose={() => !busy && setCreating(false)} onSubmit={create} busy={busy} submitLabel={t('admin.webhooks.createSubmit')} testId="webhook-dialog" wide>
        <ErrorBanner error={error} />
        <Field label={t('admin.webhooks.url')} hint={t('admin.webhooks.urlHint')} error={errors.url} required>
          <input type="url" placeholder="https://" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} data-testid="webhook-url" />
        </Field>
        <Field label={t('admin.webhooks.description')} error={errors.description} optionalLabel={t('common.optional')}>
          <input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} maxLength={500} data-testid="webhook-description" />
        </Field>
        <fieldset className={`field ${errors.eventTypes ? 'field-invalid' : ''}`}>
          <legend className="field-label">{t('admin.webhooks.events')}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={form.all} onChange={(e) => setForm({ ...form, all: e.target.checked })} data-testid="webhook-all-events" />
            <span>{t('admin.webhooks.allEventsLong')}</span>
          </label>
          {!form.all && (
            <div className="event-list">
              {types.map((et) => (
                <label key={et.type} className="checkbox">
                  <input
                    type="checkbox"
                    checked={form.types.includes(et.type)}
                    onChange={(e) => setForm({ ...form, types: e.target.checked ? [...form.types, et.type] : form.types.filter((x) => x !== et.type) })}
                  />
                  <span>
                    <code>{et.type}</code>
                    <span className="muted small block">{t(`eventTypes.${et.type.replace(/\./g, '_')}`, { defaultValue: et.description })}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
          {errors.eventTypes && (
            <p className="field-error" role="alert">
              {errors.eventTypes}
            </p>
          )}
        </fieldset>
      </Dialog>
    </div>
  );
}
