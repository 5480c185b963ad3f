import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrackingEvent } from '../api/types';
import { formatDate, formatDateTime } from '../lib/format';
import { formatMoney } from '../lib/money';
import { carrierName, formatWeight } from '../lib/orders';
import { EmptyState } from './ui';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The kind of step, for its marker's colour. */
const TONE: Record<string, 'info' | 'success' | 'warning' | 'danger' | 'neutral'> = {
  paid: 'info',
  cancellation_requested: 'warning',
  cancellation_refused: 'neutral',
  cancellation_request_expired: 'neutral',
  cancelled: 'neutral',
  dispatched: 'info',
  carrier_scan: 'neutral',
  received_at_warehouse: 'info',
  qc_passed: 'success',
  qc_failed: 'danger',
  parcel_shipped: 'info',
  parcel_scan: 'neutral',
  delivered: 'success',
  delivery_confirmed: 'success',
  protection_extension_requested: 'warning',
  protection_extended: 'info',
  protection_ended: 'neutral',
  completed: 'success',
  refunded: 'neutral',
};

function Photos({ photos }: { photos: unknown }) {
  const { t } = useTranslation();
  if (!Array.isArray(photos) || photos.length === 0) return null;
  return (
    <div className="thumbs" data-testid="receipt-photos">
      {photos.map((p, i) => {
        const url = str((p as { url?: unknown }).url);
        if (!url) return null;
        return (
          <a key={url} href={url} target="_blank" rel="noreferrer" className="thumb">
            <img src={url} alt={t('orderTimeline.photoAlt', { n: i + 1 })} loading="lazy" />
          </a>
        );
      })}
    </div>
  );
}

/**
 * Everything that happened to an order, newest first: payment, the seller's dispatch, each carrier scan, the
 * warehouse receipt with its weight and photos, QC, the international parcel and its scans, delivery and the
 * protection period. The newest step is highlighted.
 */
export function OrderTimeline({ events, currency }: { events: TrackingEvent[]; currency: string }) {
  const { t } = useTranslation();
  if (events.length === 0) return <EmptyState title={t('orderTimeline.empty')} />;
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => b.e.at.localeCompare(a.e.at) || b.i - a.i);

  const detail = (e: TrackingEvent): ReactNode => {
    const d = e.data;
    const reason = str(d.reason);
    switch (e.type) {
      case 'paid':
        return num(d.itemsTotal) !== null && <p>{t('orderTimeline.detail.paid', { amount: formatMoney(num(d.itemsTotal), str(d.currency) ?? currency) })}</p>;
      case 'dispatched':
        return (
          <>
            <p>
              {t('orderTimeline.detail.dispatched', { carrier: carrierName(t, str(d.carrier), str(d.carrierName) ?? undefined) })} <code className="tracking-no">{str(d.trackingNumber)}</code>
              {str(d.service) && <span className="muted"> · {str(d.service)}</span>}
            </p>
            {d.late === true && <span className="tag tag-danger">{t('orderTimeline.late')}</span>}
          </>
        );
      case 'carrier_scan':
      case 'parcel_scan':
        return (
          <p>
            <span className="scan-code">{str(d.description) ?? str(d.eventCode)}</span>
            {str(d.location) && <span className="muted"> · {str(d.location)}</span>}
          </p>
        );
      case 'received_at_warehouse':
        return (
          <>
            <p data-testid="timeline-weight">{t('orderTimeline.detail.weight', { weight: formatWeight(num(d.weightGrams)) })}</p>
            {str(d.notes) && <blockquote className="timeline-reason">{str(d.notes)}</blockquote>}
            <Photos photos={d.photos} />
          </>
        );
      case 'parcel_shipped':
        return (
          <>
            <p>
              {t('orderTimeline.detail.parcelShipped', { carrier: carrierName(t, str(d.carrier), str(d.carrierName) ?? undefined) })} <code className="tracking-no">{str(d.trackingNumber)}</code>
            </p>
            <p className="muted">
              {[
                num(d.declaredWeightGrams) !== null ? t('orderTimeline.detail.declaredWeight', { weight: formatWeight(num(d.declaredWeightGrams)) }) : null,
                d.insured === true ? t('parcels.insured') : d.insured === false ? t('parcels.notInsured') : null,
                str(d.protectionEndsAt) ? t('orderTimeline.detail.protectedUntil', { date: formatDate(str(d.protectionEndsAt)) }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </>
        );
      case 'protection_extension_requested':
      case 'protection_extended':
        return (
          <>
            {num(d.days) !== null && (
              <p>
                {t(e.type === 'protection_extended' ? 'orderTimeline.detail.extended' : 'orderTimeline.detail.extensionAsked', {
                  count: num(d.days) ?? 0,
                  date: formatDate(str(d.protectionEndsAt)),
                })}
              </p>
            )}
            {reason && <blockquote className="timeline-reason">{reason}</blockquote>}
          </>
        );
      case 'cancelled':
        return str(d.outcome) && <p>{t(`orderTimeline.outcome.${str(d.outcome)}`, { defaultValue: str(d.outcome) ?? '' })}</p>;
      default:
        return reason && <blockquote className="timeline-reason">{reason}</blockquote>;
    }
  };

  return (
    <ol className="timeline order-timeline" data-testid="order-timeline" aria-live="polite">
      {sorted.map(({ e, i }, index) => {
        const leg = str(e.data.leg);
        return (
          <li
            key={`${e.at}-${e.type}-${i}`}
            className={`timeline-item timeline-${TONE[e.type] ?? 'neutral'} ${index === 0 ? 'timeline-latest' : ''}`}
            data-testid={`timeline-event-${e.type}`}
            data-type={e.type}
          >
            <span className="timeline-marker" aria-hidden="true" />
            <div className="timeline-content">
              <div className="timeline-head">
                <strong>
                  {t(`orderTimeline.type.${e.type}`, { defaultValue: e.type.replace(/_/g, ' ') })}
                  {leg && <span className="leg">{t(`orderTimeline.leg.${leg}`, { defaultValue: leg })}</span>}
                </strong>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </div>
              <div className="timeline-detail">{detail(e)}</div>
              {e.actorRole && e.actorRole !== 'carrier' && (
                <div className="timeline-actor muted">{t('timeline.byRole', { role: t(`roles.${e.actorRole}`, { defaultValue: e.actorRole }) })}</div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
