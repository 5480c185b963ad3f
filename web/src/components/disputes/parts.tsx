import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { BuyerRecord, DisputeEvidence, DisputeFlags, Tier, WeightCheck } from '../../api/disputes';
import { formatDateTime } from '../../lib/format';
import { formatWeight } from '../../lib/orders';
import { BilingualText } from '../cases/Bilingual';
import { MediaGallery } from '../cases/MediaGallery';
import { Card } from '../ui';

/** The pieces of a dispute shown to the buyer, the seller and support alike. */

const TONES: Record<string, string> = {
  awaiting_seller: 'warning',
  counter_offered: 'info',
  contested: 'danger',
  escalated: 'danger',
  decided: 'info',
  appealed: 'warning',
  agreed: 'success',
  awaiting_replacement: 'info',
  resolved: 'success',
  closed: 'neutral',
};

export function DisputeStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TONES[status] ?? 'neutral'}`} data-testid={testId} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`disputes.status.${status}`, { defaultValue: status.replace(/_/g, ' ') })}
    </span>
  );
}

export function TierBadge({ tier, testId }: { tier: Tier | number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag dispute-tier dispute-tier-${tier}`} data-testid={testId} data-tier={tier}>
      {t('disputes.tier.short', { tier })}
    </span>
  );
}

const FLAG_KEYS: (keyof DisputeFlags)[] = ['needsVideo', 'disproportionate', 'duplicateEvidence', 'weightShortfall', 'poorRecordAtOpening'];

/** What the platform noticed about the claim: each flag in words, nothing when there is none. */
export function FlagsList({ flags, testId = 'dispute-flags' }: { flags: DisputeFlags; testId?: string }) {
  const { t } = useTranslation();
  const on = FLAG_KEYS.filter((k) => flags[k]);
  if (on.length === 0) {
    return (
      <p className="muted small" data-testid={testId} data-flags="">
        {t('disputes.flags.none')}
      </p>
    );
  }
  return (
    <ul className="dispute-flags" data-testid={testId} data-flags={on.join(' ')}>
      {on.map((k) => (
        <li key={k} className={`tag ${k === 'weightShortfall' ? 'tag-warning' : 'tag-danger'}`} data-testid={`flag-${k}`}>
          {t(`disputes.flags.${k}`)}
        </li>
      ))}
    </ul>
  );
}

/** The label's weight, the warehouse's and the buyer's scale side by side, and what the difference means. */
export function WeightComparison({ weight, tolerance }: { weight: WeightCheck; tolerance?: string }) {
  const { t } = useTranslation();
  const rows: [string, number | null, boolean][] = [
    [t('disputes.weight.label'), weight.labelGrams, weight.reference === 'label'],
    [t('disputes.weight.warehouse'), weight.warehouseGrams, weight.reference === 'warehouse'],
    [t('disputes.weight.scale'), weight.scaleGrams, false],
  ];
  return (
    <Card title={t('disputes.weight.title')} testId="weight-comparison">
      <table className="table weight-table" data-verdict={weight.verdict}>
        <tbody>
          {rows.map(([label, grams, reference]) => (
            <tr key={label}>
              <th scope="row">
                {label}
                {reference && <span className="tag">{t('disputes.weight.reference')}</span>}
              </th>
              <td className="num">{formatWeight(grams)}</td>
            </tr>
          ))}
          {weight.differenceGrams !== null && (
            <tr className={weight.supportsMissingItem ? 'weight-short' : ''}>
              <th scope="row">{t('disputes.weight.difference')}</th>
              <td className="num" data-testid="weight-difference">
                {weight.differenceGrams > 0 ? '−' : weight.differenceGrams < 0 ? '+' : ''}
                {formatWeight(Math.abs(weight.differenceGrams))}
                {weight.shortfallPercent !== null && weight.differenceGrams > 0 ? ` (${weight.shortfallPercent}%)` : ''}
              </td>
            </tr>
          )}
          {weight.toleranceGrams !== null && (
            <tr>
              <th scope="row">{t('disputes.weight.tolerance')}</th>
              <td className="num">{formatWeight(weight.toleranceGrams)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <p className={`weight-verdict weight-${weight.verdict}`} data-testid="weight-verdict" data-verdict={weight.verdict}>
        <span className={`tag ${weight.supportsMissingItem ? 'tag-danger' : weight.verdict === 'within_tolerance' ? 'tag-success' : ''}`}>{t(`disputes.weight.verdict.${weight.verdict}`)}</span>{' '}
        <BilingualText text={weight.text} showOther={false} />
      </p>
      {tolerance && <p className="muted small">{tolerance}</p>}
    </Card>
  );
}

function EvidenceList({ items, empty, testId, side }: { items: DisputeEvidence[]; empty: string; testId: string; side: 'buyer' | 'seller' }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted" data-testid={testId}>{empty}</p>;
  return (
    <div className="stack-sm" data-testid={testId} data-count={items.length}>
      {items.map((e) => (
        <figure key={e.id} className={`evidence-item ${e.duplicate ? 'evidence-duplicate' : ''}`} data-testid={`evidence-${side}-${e.kind}`} data-kind={e.kind}>
          <figcaption className="evidence-head">
            <strong>
              <BilingualText text={e.label} showOther={false} />
            </strong>
            <span className="muted small">{formatDateTime(e.addedAt)}</span>
            {e.duplicate && (
              <span className="tag tag-danger" data-testid="evidence-duplicate">
                {t(`disputes.evidence.duplicate.${e.duplicate.scope}`)}
              </span>
            )}
            {e.duplicate?.otherCaseIds?.map((id) => (
              <Link key={id} to={`/disputes/${id}`} className="small" data-testid="evidence-duplicate-link">
                {t('disputes.evidence.otherClaim', { id: id.slice(-6) })}
              </Link>
            ))}
          </figcaption>
          <MediaGallery items={[{ id: e.id, url: e.url, kind: e.fileKind, fileName: e.fileName, mediaType: e.mediaType, sizeBytes: e.sizeBytes, caption: e.caption }]} />
          <code className="muted small evidence-hash" title={e.sha256}>
            SHA-256 {e.sha256.slice(0, 12)}…
          </code>
        </figure>
      ))}
    </div>
  );
}

/** Both sides' evidence side by side: the buyer's unboxing protocol on the left, the seller's packing proof on the right. */
export function EvidenceColumns({ buyer, seller }: { buyer: DisputeEvidence[]; seller: DisputeEvidence[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('disputes.evidence.title')} testId="dispute-evidence">
      <div className="evidence-columns">
        <section>
          <h3 className="subhead">{t('disputes.evidence.buyerSide', { count: buyer.length })}</h3>
          <EvidenceList items={buyer} empty={t('disputes.evidence.noneBuyer')} testId="evidence-buyer" side="buyer" />
        </section>
        <section>
          <h3 className="subhead">{t('disputes.evidence.sellerSide', { count: seller.length })}</h3>
          <EvidenceList items={seller} empty={t('disputes.evidence.noneSeller')} testId="evidence-seller" side="seller" />
        </section>
      </div>
    </Card>
  );
}

/** The buyer's record (staff): what the claim is weighed against. */
export function BuyerRecordCard({ record }: { record: BuyerRecord }) {
  const { t } = useTranslation();
  const cells: [string, number][] = [
    [t('disputes.record.opened'), record.opened],
    [t('disputes.record.won'), record.won],
    [t('disputes.record.partlyWon'), record.partlyWon],
    [t('disputes.record.lost'), record.lost],
    [t('disputes.record.withdrawn'), record.withdrawn],
    [t('disputes.record.disproportionate'), record.disproportionateDemands],
    [t('disputes.record.duplicate'), record.duplicateEvidence],
    [t('disputes.record.reports'), record.reportsToCompliance],
  ];
  return (
    <Card title={t('disputes.record.title', { days: record.windowDays })} testId="buyer-record">
      <p className={record.poor ? 'text-danger' : 'text-success'} data-testid="buyer-record-verdict" data-poor={String(record.poor)}>
        {record.poor ? t('disputes.record.poor', { why: record.poorBecause.map((w) => t(`disputes.record.because.${w}`)).join(', ') }) : t('disputes.record.good')}
      </p>
      <dl className="record-grid">
        {cells.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
