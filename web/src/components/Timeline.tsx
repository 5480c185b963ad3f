import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../api/types';
import { formatDateTime } from '../lib/format';
import { StatusBadge } from './StatusBadge';
import { EmptyState } from './ui';

const BADGE_KIND: Record<string, 'application' | 'document' | 'seller' | 'user'> = {
  seller_application: 'application',
  application: 'application',
  seller_document: 'document',
  document: 'document',
  seller: 'seller',
  user: 'user',
};

/** A seller's history, newest first: who did what, when, from which state to which, and why. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <EmptyState title={t('timeline.empty')} />;
  const sorted = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <ol className="timeline" data-testid="timeline">
      {sorted.map((e) => {
        const kind = BADGE_KIND[e.entityType];
        const kindOfDoc = typeof e.data?.kind === 'string' ? (e.data.kind as string) : null;
        return (
          <li key={e.id} className="timeline-item">
            <span className="timeline-marker" aria-hidden="true" />
            <div className="timeline-content">
              <div className="timeline-head">
                <strong>
                  {t(`timeline.entity.${e.entityType}`, { defaultValue: e.entityType.replace(/_/g, ' ') })}
                  {kindOfDoc ? ` · ${t(`documents.kind.${kindOfDoc}.title`, { defaultValue: kindOfDoc })}` : ''}
                  {' — '}
                  {t(`timeline.event.${e.event}`, { defaultValue: e.event.replace(/_/g, ' ') })}
                </strong>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </div>
              <div className="timeline-states">
                {e.from && kind && <StatusBadge kind={kind} status={e.from} />}
                {e.from && kind && <span aria-hidden="true">→</span>}
                {kind ? <StatusBadge kind={kind} status={e.to} /> : <span>{e.to}</span>}
              </div>
              <div className="timeline-actor muted">
                {e.actor.name
                  ? t('timeline.by', { name: e.actor.name, role: t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }) })
                  : t('timeline.byRole', { role: t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }) })}
              </div>
              {/* A replaced document's reason is the server's fixed wording; the event label already says it. */}
              {e.reason && e.event !== 'supersede' && <blockquote className="timeline-reason">{e.reason}</blockquote>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
