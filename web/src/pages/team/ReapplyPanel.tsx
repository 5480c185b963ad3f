import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Card } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { teamApi } from './api';
import { teamErrorText } from './errors';

/**
 * Under a rejected application: starting a new one (the owner, once the policy's cooldown has passed), and the
 * earlier applications with their decisions and documents.
 */
export function ReapplyPanel({ view, onReapplied }: { view: ApplicationView; onReapplied?: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const sellerId = view.seller.id;
  const revisions = useResource(() => teamApi.revisions(sellerId), [sellerId, view.application.status]);
  const [busy, setBusy] = useState(false);
  const data = revisions.data;
  if (!data) return null;
  const rejected = view.application.status === 'rejected';
  if (!rejected && data.previous.length === 0) return null;

  const start = async () => {
    const ok = await confirm({ title: t('team.reapply.confirmTitle'), body: t('team.reapply.confirmBody'), confirmLabel: t('team.reapply.start') });
    if (!ok) return;
    setBusy(true);
    try {
      await teamApi.reapply(sellerId);
      toast(t('team.reapply.started'));
      await onReapplied?.();
    } catch (err) {
      toast(teamErrorText(t, err), 'danger');
      await revisions.reload();
    } finally {
      setBusy(false);
    }
  };

  const blocked = data.reapply.blockedBy;
  return (
    <>
      {rejected && (
        <Card title={t('team.reapply.title')} testId="reapply-card">
          <p>{t('team.reapply.intro')}</p>
          {blocked === 'cooldown' && data.reapply.availableAt && (
            <p className="muted" data-testid="reapply-cooldown">
              {t('team.reapply.cooldown', { date: formatDate(data.reapply.availableAt), days: data.cooldownDays })}
            </p>
          )}
          {blocked === 'owner_only' && <p className="muted">{t('team.reapply.ownerOnly')}</p>}
          {blocked === 'seller_banned' && <p className="muted">{t('team.reapply.banned')}</p>}
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={start} disabled={!data.reapply.allowed || busy} data-testid="reapply-start">
              {t('team.reapply.start')}
            </button>
          </div>
        </Card>
      )}
      {data.previous.length > 0 && (
        <Card title={t('team.reapply.previousTitle')} testId="previous-applications">
          <ul className="team-revisions">
            {data.previous.map((p) => (
              <li key={p.revision} className="team-revision">
                <div className="team-revision-head">
                  <strong>{t('team.reapply.revision', { n: p.revision })}</strong>
                  <StatusBadge kind="application" status={p.status} />
                  <span className="muted small">
                    {p.decidedAt ? t('team.reapply.decidedAt', { date: formatDateTime(p.decidedAt) }) : ''}
                  </span>
                </div>
                {p.decisionReason && <blockquote className="timeline-reason">{p.decisionReason}</blockquote>}
                <ul className="team-revision-docs">
                  {p.documents.map((d) => (
                    <li key={d.id}>
                      <span>{t(`documents.kind.${d.kind}.title`, { defaultValue: d.kind })}</span>
                      <StatusBadge kind="document" status={d.status} />
                      <a href={`/api/v1/documents/${encodeURIComponent(d.id)}/file`} target="_blank" rel="noreferrer">
                        {d.fileName}
                      </a>
                      {d.reviewReason && <span className="muted small"> — {d.reviewReason}</span>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
