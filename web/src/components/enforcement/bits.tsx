import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LadderRung } from '../../api/enforcement';
import i18n from '../../i18n';

/** Small pieces the enforcement pages share: names of rules and sanctions, status badges, the ladder, evidence. */

const humanize = (s: string) =>
  s
    .replace(/[_.]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^\w/, (c) => c.toUpperCase());

/** A sanction's reason in the reader's language when the ladder imposed it (the server words it in English). */
export function sanctionReason(t: TFunction, s: { origin: string; thresholdPoints: number | null; reason: string }): string {
  return s.origin === 'ladder' && s.thresholdPoints ? t('enforcement.ladderReason', { threshold: s.thresholdPoints }) : s.reason;
}

export function useRuleName() {
  const { t } = useTranslation();
  return (rule: string) => t(`enforcement.rule.${rule}`, { defaultValue: humanize(rule) });
}

export function useSanctionName() {
  const { t } = useTranslation();
  return (kind: string) => t(`enforcement.sanction.${kind}`, { defaultValue: humanize(kind) });
}

const TONES: Record<string, string> = {
  proposed: 'warning',
  confirmed: 'danger',
  dismissed: 'neutral',
  reversed: 'info',
  active: 'danger',
  lifted: 'neutral',
  expired: 'neutral',
  rectified: 'success',
  submitted: 'warning',
  upheld: 'success',
  rejected: 'neutral',
  previewed: 'info',
  applied: 'danger',
  discarded: 'neutral',
  undone: 'info',
  open: 'info',
  closed: 'neutral',
  draft: 'warning',
  retired: 'neutral',
};

/** A status of a violation, sanction, appeal, batch, audit or policy version, in the reader's language. */
export function EnfBadge({ kind, status, testId }: { kind: 'violation' | 'sanction' | 'appeal' | 'batch' | 'audit' | 'policy'; status: string; testId?: string }) {
  const { t } = useTranslation();
  const tone = kind === 'policy' && status === 'active' ? 'success' : (TONES[status] ?? 'neutral');
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`enforcement.status.${kind}.${status}`, { defaultValue: humanize(status) })}
    </span>
  );
}

export function SanctionTag({ kind }: { kind: string }) {
  const name = useSanctionName();
  const severe = kind === 'suspension' || kind === 'ban';
  return <span className={`tag ${severe ? 'tag-danger' : kind === 'warning' ? 'tag-warning' : ''}`}>{name(kind)}</span>;
}

/** The points ladder: each rung's threshold and sanction, the rungs reached, and where the seller stands. */
export function PointsLadder({ ladder, points, testId }: { ladder: LadderRung[]; points: number; testId?: string }) {
  const { t } = useTranslation();
  const name = useSanctionName();
  const top = Math.max(1, ...ladder.map((r) => r.points));
  return (
    <div className="enf-ladder" data-testid={testId} data-points={points}>
      <div className="enf-ladder-track" aria-hidden="true">
        <div className="enf-ladder-fill" style={{ width: `${Math.min(100, (points / top) * 100)}%` }} />
      </div>
      <ol className="enf-ladder-rungs">
        {ladder.map((r, i) => {
          const reached = points >= r.points;
          return (
            <li key={`${r.points}-${r.sanction}-${i}`} className={reached ? 'enf-rung enf-rung-reached' : 'enf-rung'} data-reached={reached}>
              <span className="enf-rung-points">{t('enforcement.ladder.points', { count: r.points })}</span>
              <span className="enf-rung-sanction">{name(r.sanction)}</span>
              {r.rectifyDays ? <span className="muted small">{t('enforcement.ladder.rectifyDays', { count: r.rectifyDays })}</span> : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function renderValue(value: unknown): ReactNode {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ');
  return <pre className="enf-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** A violation's evidence as the detector or officer recorded it: each fact on its own row. */
export function EvidenceList({ evidence, testId }: { evidence: Record<string, unknown>; testId?: string }) {
  const { t } = useTranslation();
  const entries = Object.entries(evidence ?? {});
  if (entries.length === 0) return <p className="muted">{t('enforcement.evidence.none')}</p>;
  return (
    <dl className="deflist enf-evidence" data-testid={testId}>
      {entries.map(([k, v]) => (
        <div key={k} className="deflist-row">
          <dt>{t(`enforcement.evidenceKey.${k}`, { defaultValue: humanize(k) })}</dt>
          <dd>{renderValue(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One short line of evidence for a queue row: the first few facts. */
export function evidenceLine(evidence: Record<string, unknown>): string {
  return Object.entries(evidence ?? {})
    .filter(([, v]) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.length <= 3))
    .slice(0, 3)
    .map(([k, v]) => `${i18n.t(`enforcement.evidenceKey.${k}`, { defaultValue: humanize(k) })}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}

export function Stat({ value, label, tone, testId }: { value: ReactNode; label: ReactNode; tone?: 'danger' | 'warning'; testId?: string }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
