import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { enforcementApi, type Sanction, type Violation } from '../../api/enforcement';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { MultiFilePicker, type PickedFile } from '../../components/MultiFilePicker';
import { useToast } from '../../components/Toast';
import { Callout, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { EnfBadge, EvidenceList, PointsLadder, SanctionTag, sanctionReason, Stat, useRuleName, useSanctionName } from '../../components/enforcement/bits';
import { formatDate, formatDateTime } from '../../lib/format';
import { useUser } from '../../lib/session';
import { useResource } from '../../lib/useResource';

type Target = { type: 'violation'; v: Violation } | { type: 'sanction'; s: Sanction };

/** The appeal form: a statement and evidence files (uploaded first, each with its progress), within the window. */
function AppealDialog({ sellerId, target, onClose, onDone }: { sellerId: string; target: Target | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const sanctionName = useSanctionName();
  const [statement, setStatement] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const uploaded = useRef(new Map<string, string>());
  const patch = (key: string, p: Partial<PickedFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f)));
  if (!target) return <Dialog open={false} title="" onClose={onClose}>{null}</Dialog>;
  const until = target.type === 'violation' ? target.v.appealableUntil : target.s.appealableUntil;
  const submit = async () => {
    if (!statement.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ids: string[] = [];
      for (const f of files) {
        const done = uploaded.current.get(f.key);
        if (done) {
          ids.push(done);
          continue;
        }
        patch(f.key, { progress: 0, error: null });
        try {
          const e = await enforcementApi.uploadAppealEvidence(sellerId, f.file, (p) => patch(f.key, { progress: p })).promise;
          uploaded.current.set(f.key, e.id);
          ids.push(e.id);
          patch(f.key, { progress: 1, done: true });
        } catch (err) {
          patch(f.key, { progress: null, error: errorText(t, err) });
          throw err;
        }
      }
      await enforcementApi.submitAppeal({ targetType: target.type, targetId: target.type === 'violation' ? target.v.id : target.s.id, statement: statement.trim(), evidenceIds: ids.length ? ids : undefined });
      setStatement('');
      setFiles([]);
      uploaded.current.clear();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      wide
      title={t('myEnforcement.appealTitle', { what: target.type === 'violation' ? ruleName(target.v.rule) : sanctionName(target.s.kind) })}
      onClose={() => !busy && onClose()}
      onSubmit={submit}
      busy={busy}
      submitLabel={t('myEnforcement.submitAppeal')}
      testId="appeal-form"
    >
      <ErrorBanner error={error} />
      <p className="muted small">{t('myEnforcement.appealWindow', { date: formatDateTime(until) })}</p>
      <Field label={t('myEnforcement.statement')} hint={t('myEnforcement.statementHint')} required error={missing && !statement.trim() ? t('validation.required') : undefined}>
        <textarea rows={5} maxLength={5000} value={statement} onChange={(e) => setStatement(e.target.value)} data-testid="appeal-statement" />
      </Field>
      <MultiFilePicker
        files={files}
        onAdd={(list) => setFiles((f) => [...f, ...list].slice(0, 20))}
        onRemove={(key) => setFiles((f) => f.filter((x) => x.key !== key))}
        accept="application/pdf,image/*,video/*"
        label={t('myEnforcement.evidence')}
        hint={t('myEnforcement.evidenceHint')}
        disabled={busy}
        testId="appeal-files"
      />
    </Dialog>
  );
}

/** The seller's own enforcement file (in Chinese by default): points, violations, sanctions, deadlines, appeals. */
export function MyEnforcementPage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const sanctionName = useSanctionName();
  const toast = useToast();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const shops = user.sellers ?? [];
  const sellerId = params.get('seller') ?? shops[0]?.sellerId ?? '';
  const file = useResource(() => enforcementApi.file(sellerId), [sellerId]);
  const [target, setTarget] = useState<Target | null>(null);
  if (!sellerId) return <EmptyState title={t('myEnforcement.noShop')} />;
  if (file.loading && !file.data) return <Loading />;
  const f = file.data;
  if (!f) return <ErrorBanner error={file.error} />;
  const appealOf = (type: string, id: string) => f.appeals.find((a) => a.targetType === type && a.targetId === id);
  const rectify = (rule: string, fallback: string | null) => t(`enforcement.rectify.${rule}`, { defaultValue: fallback ?? '' });
  const decided = f.violations.filter((v) => v.status === 'confirmed' || v.status === 'reversed');
  return (
    <div className="page" data-testid="my-enforcement">
      <PageHeader
        title={t('myEnforcement.title', { shop: f.seller.shopName })}
        subtitle={t('myEnforcement.subtitle', { days: f.points.expireDays, appealDays: f.appealWindowDays })}
        actions={
          shops.length > 1 ? (
            <select value={sellerId} onChange={(e) => setParams({ seller: e.target.value })} aria-label={t('myEnforcement.shop')}>
              {shops.map((s) => (
                <option key={s.sellerId} value={s.sellerId}>
                  {s.shopName}
                </option>
              ))}
            </select>
          ) : undefined
        }
      />
      <div className="stat-row enf-stat-row">
        <Stat value={f.points.active} label={t('myEnforcement.activePoints')} tone={f.points.active > 0 ? 'warning' : undefined} testId="my-points" />
        <Stat value={f.inForce.length} label={t('myEnforcement.inForce')} tone={f.inForce.length ? 'danger' : undefined} testId="my-in-force" />
        <Stat value={f.points.nextRung ? f.points.nextRung.pointsToGo : '—'} label={f.points.nextRung ? t('myEnforcement.toNext', { sanction: sanctionName(f.points.nextRung.sanction) }) : t('enforcement.file.topRung')} />
      </div>
      <div className="stack">
        {f.deadlines.length > 0 && (
          <Callout tone="warning" title={t('myEnforcement.deadlinesTitle')} testId="my-deadlines">
            <ul className="plain-list">
              {f.deadlines.map((d) => (
                <li key={d.sanctionId}>{t('myEnforcement.deadline', { sanction: sanctionName(d.kind), date: formatDate(d.rectifyBy) })}</li>
              ))}
            </ul>
          </Callout>
        )}
        <Card title={t('myEnforcement.ladder')}>
          <PointsLadder ladder={f.points.ladder} points={f.points.active} testId="my-ladder" />
          {f.points.expiring.length > 0 && (
            <ul className="plain-list enf-expiring" data-testid="my-expiring">
              {f.points.expiring.map((e) => (
                <li key={e.at}>{t('enforcement.file.expiresOn', { count: e.points, date: formatDate(e.at) })}</li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('myEnforcement.sanctions')} testId="my-sanctions">
          {f.inForce.length === 0 ? (
            <EmptyState title={t('myEnforcement.noSanctions')} />
          ) : (
            <ul className="enf-cards">
              {f.inForce.map((s) => {
                const appeal = appealOf('sanction', s.id);
                return (
                  <li key={s.id} className="enf-card" data-testid={`my-sanction-${s.kind}`}>
                    <div className="enf-card-head">
                      <SanctionTag kind={s.kind} />
                      <span className="muted small">{t('myEnforcement.since', { date: formatDate(s.imposedAt) })}</span>
                    </div>
                    <p>{t(`enforcement.effect.${s.kind}`, { defaultValue: s.effect })}</p>
                    <p className="muted small">{t('myEnforcement.reason', { reason: sanctionReason(t, s) })}</p>
                    {s.rectifyBy && <p className="text-danger small">{t('myEnforcement.rectifyBy', { date: formatDate(s.rectifyBy) })}</p>}
                    {s.endsAt && <p className="small">{t('myEnforcement.endsAt', { date: formatDate(s.endsAt) })}</p>}
                    {appeal ? (
                      <p className="small">
                        {t('myEnforcement.appealStatus')} <EnfBadge kind="appeal" status={appeal.status} testId={`my-sanction-appeal-${s.kind}`} />
                      </p>
                    ) : s.canAppeal ? (
                      <div className="enf-card-actions">
                        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setTarget({ type: 'sanction', s })} data-testid={`my-appeal-sanction-${s.kind}`}>
                          {t('myEnforcement.appeal')}
                        </button>
                        <span className="muted small">{t('myEnforcement.appealUntil', { date: formatDateTime(s.appealableUntil) })}</span>
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Card>

        <Card title={t('myEnforcement.violations')} testId="my-violations">
          {decided.length === 0 ? (
            <EmptyState title={t('myEnforcement.noViolations')} />
          ) : (
            <ul className="enf-cards">
              {decided.map((v) => {
                const appeal = appealOf('violation', v.id);
                return (
                  <li key={v.id} className="enf-card" data-testid={`my-violation-${v.id}`} data-status={v.status}>
                    <div className="enf-card-head">
                      <strong>{ruleName(v.rule)}</strong>
                      <EnfBadge kind="violation" status={v.status} testId={`my-violation-status-${v.id}`} />
                      <span className={`enf-points ${v.pointsActive ? 'enf-points-active' : ''}`} data-testid={`my-violation-points-${v.id}`}>
                        {t('myEnforcement.points', { count: v.points })}
                      </span>
                    </div>
                    <p>{v.summary}</p>
                    <details>
                      <summary>{t('myEnforcement.evidenceShown')}</summary>
                      <EvidenceList evidence={v.evidence} />
                    </details>
                    <dl className="deflist">
                      <div className="deflist-row">
                        <dt>{t('myEnforcement.decided')}</dt>
                        <dd>{formatDate(v.decidedAt)}</dd>
                      </div>
                      <div className="deflist-row">
                        <dt>{t('myEnforcement.expires')}</dt>
                        <dd>{v.pointsActive ? formatDate(v.pointsExpireAt) : t('myEnforcement.notCounting')}</dd>
                      </div>
                      {v.decisionReason && (
                        <div className="deflist-row">
                          <dt>{t('myEnforcement.officerReason')}</dt>
                          <dd>{v.decisionReason}</dd>
                        </div>
                      )}
                      {v.reversalReason && (
                        <div className="deflist-row">
                          <dt>{t('myEnforcement.reversed')}</dt>
                          {/* An upheld appeal's reversal is worded by the server as "Appeal upheld: <officer's reason>". */}
                          <dd>{v.reversalReason.startsWith('Appeal upheld: ') ? t('myEnforcement.appealUpheld', { reason: v.reversalReason.slice('Appeal upheld: '.length) }) : v.reversalReason}</dd>
                        </div>
                      )}
                    </dl>
                    {v.status === 'confirmed' && (
                      <div className="enf-rectify" data-testid={`my-rectify-${v.id}`}>
                        <strong>{t('myEnforcement.howToRectify')}</strong> {rectify(v.rule, v.howToRectify)}
                      </div>
                    )}
                    {appeal ? (
                      <p className="small">
                        {t('myEnforcement.appealStatus')} <EnfBadge kind="appeal" status={appeal.status} testId={`my-violation-appeal-${v.id}`} />
                      </p>
                    ) : v.canAppeal ? (
                      <div className="enf-card-actions">
                        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setTarget({ type: 'violation', v })} data-testid={`my-appeal-violation-${v.id}`}>
                          {t('myEnforcement.appeal')}
                        </button>
                        <span className="muted small">{t('myEnforcement.appealUntil', { date: formatDateTime(v.appealableUntil) })}</span>
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Card>

        <Card title={t('myEnforcement.appeals')} testId="my-appeals">
          {f.appeals.length === 0 ? (
            <EmptyState title={t('myEnforcement.noAppeals')} />
          ) : (
            <ul className="plain-list enf-list">
              {f.appeals.map((a) => (
                <li key={a.id} data-testid={`my-appeal-${a.id}`}>
                  {t(`enforcement.appeal.target.${a.targetType}`)} · {formatDateTime(a.submittedAt)} <EnfBadge kind="appeal" status={a.status} />
                  <div className="small">{a.statement}</div>
                  {a.decisionReason && <div className="muted small">{t('myEnforcement.decisionReason', { reason: a.decisionReason })}</div>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <AppealDialog
        sellerId={sellerId}
        target={target}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          toast(t('myEnforcement.appealSent'));
          void file.reload();
        }}
      />
    </div>
  );
}
