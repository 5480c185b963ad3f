import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { enforcementApi, SELLER_SANCTIONS, type Sanction, type SellerSanction } from '../../api/enforcement';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { EnfBadge, PointsLadder, SanctionTag, sanctionReason, Stat, useRuleName, useSanctionName } from '../../components/enforcement/bits';
import { hasRole, REVIEWER_ROLES } from '../../lib/roles';
import { formatDate, formatDateTime } from '../../lib/format';
import { useUser } from '../../lib/session';
import { useResource } from '../../lib/useResource';

function ImposeDialog({ sellerId, open, onClose, onDone }: { sellerId: string; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const name = useSanctionName();
  const [kind, setKind] = useState<SellerSanction>('warning');
  const [reason, setReason] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await enforcementApi.impose({ sellerId, kind, reason: reason.trim(), endsAt: endsAt ? new Date(`${endsAt}T23:59:59`).toISOString() : undefined });
      setReason('');
      setEndsAt('');
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} title={t('enforcement.file.imposeTitle')} onClose={() => !busy && onClose()} onSubmit={submit} busy={busy} submitLabel={t('enforcement.file.impose')} submitTone="danger" testId="impose-sanction">
      <ErrorBanner error={error} />
      <Field label={t('enforcement.file.sanctionKind')} error={fields['body.kind']}>
        <select value={kind} onChange={(e) => setKind(e.target.value as SellerSanction)} data-testid="impose-sanction-kind">
          {SELLER_SANCTIONS.map((k) => (
            <option key={k} value={k}>
              {name(k)}
            </option>
          ))}
        </select>
      </Field>
      <p className="muted small">{t(`enforcement.effect.${kind}`)}</p>
      <Field label={t('enforcement.file.endsAt')} hint={t('enforcement.file.endsAtHint')} optionalLabel={t('common.optional')} error={fields['body.endsAt']}>
        <input type="date" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} data-testid="impose-sanction-ends" />
      </Field>
      <Field label={t('enforcement.file.reason')} required error={missing && !reason.trim() ? t('validation.required') : fields['body.reason']}>
        <textarea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="impose-sanction-reason" />
      </Field>
    </Dialog>
  );
}

/** A seller's enforcement file for compliance: points and the ladder, violations, sanctions, appeals, audits, the log. */
export function SellerFilePage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const user = useUser();
  const toast = useToast();
  const officer = hasRole(user, ...REVIEWER_ROLES);
  const { sellerId = '' } = useParams();
  const file = useResource(() => enforcementApi.file(sellerId), [sellerId]);
  const log = useResource(() => (officer ? enforcementApi.log({ subjectId: sellerId, limit: 100 }) : Promise.resolve(null)), [sellerId, officer]);
  const [imposing, setImposing] = useState(false);
  const [lifting, setLifting] = useState<Sanction | null>(null);
  const [showLifted, setShowLifted] = useState(false);
  const reload = async () => {
    await Promise.all([file.reload(), log.reload()]);
  };

  if (file.loading && !file.data) return <Loading />;
  const f = file.data;
  if (!f) return <ErrorBanner error={file.error} />;
  const sanctions = showLifted ? f.sanctions : f.sanctions.filter((s) => s.inForce);
  const next = f.points.nextRung;

  return (
    <div className="page" data-testid="seller-enforcement-file">
      <PageHeader
        back={officer ? <Link to={`/compliance/sellers/${encodeURIComponent(sellerId)}`}>← {t('enforcement.file.backToProfile')}</Link> : undefined}
        title={
          <span className="title-with-badge">
            {t('enforcement.file.title', { shop: f.seller.shopName })} <StatusBadge kind="seller" status={f.seller.status} testId="file-seller-status" />
          </span>
        }
        subtitle={t('enforcement.file.subtitle', { version: f.policyVersion, days: f.points.expireDays })}
        actions={
          officer ? (
            <button type="button" className="btn btn-danger" onClick={() => setImposing(true)} data-testid="file-impose">
              {t('enforcement.file.impose')}
            </button>
          ) : undefined
        }
      />
      <ErrorBanner error={file.error} />
      <div className="stat-row enf-stat-row">
        <Stat value={f.points.active} label={t('enforcement.file.activePoints')} tone={f.points.active > 0 ? 'warning' : undefined} testId="file-points" />
        <Stat value={f.inForce.length} label={t('enforcement.file.inForce')} tone={f.inForce.length > 0 ? 'danger' : undefined} testId="file-in-force" />
        <Stat value={next ? next.pointsToGo : '—'} label={next ? t('enforcement.file.toNextRung', { sanction: t(`enforcement.sanction.${next.sanction}`) }) : t('enforcement.file.topRung')} />
      </div>
      <div className="stack">
        <Card title={t('enforcement.file.ladder')}>
          <PointsLadder ladder={f.points.ladder} points={f.points.active} testId="file-ladder" />
          {f.points.expiring.length > 0 && (
            <div className="enf-expiring">
              <h3 className="subhead">{t('enforcement.file.expiring')}</h3>
              <ul className="plain-list" data-testid="file-expiring">
                {f.points.expiring.map((e) => (
                  <li key={e.at}>{t('enforcement.file.expiresOn', { count: e.points, date: formatDate(e.at) })}</li>
                ))}
              </ul>
            </div>
          )}
        </Card>

        <Card
          title={t('enforcement.file.sanctions')}
          testId="file-sanctions"
          actions={
            <label className="checkbox">
              <input type="checkbox" checked={showLifted} onChange={(e) => setShowLifted(e.target.checked)} data-testid="file-show-lifted" /> {t('enforcement.file.showLifted')}
            </label>
          }
        >
          {sanctions.length === 0 ? (
            <EmptyState title={t('enforcement.file.noSanctions')} />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('enforcement.col.sanction')}</th>
                    <th>{t('enforcement.col.status')}</th>
                    <th>{t('enforcement.col.reason')}</th>
                    <th>{t('enforcement.col.imposed')}</th>
                    <th>{t('enforcement.col.deadline')}</th>
                    {officer && <th>{t('common.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {sanctions.map((s) => (
                    <tr key={s.id} data-testid={`file-sanction-${s.kind}`} className={s.inForce ? '' : 'row-muted'}>
                      <td>
                        <SanctionTag kind={s.kind} />
                        <div className="cell-sub">{t(`enforcement.sanctionOrigin.${s.origin}`, { defaultValue: s.origin })}</div>
                      </td>
                      <td>
                        <EnfBadge kind="sanction" status={s.inForce ? 'active' : s.status === 'active' ? 'expired' : s.status} />
                      </td>
                      <td className="small">
                        {sanctionReason(t, s)}
                        {s.liftReason && <div className="cell-sub">{t('enforcement.file.liftedBecause', { reason: s.liftReason })}</div>}
                      </td>
                      <td className="nowrap">{formatDate(s.imposedAt)}</td>
                      <td className="nowrap">{s.rectifyBy ? t('enforcement.file.rectifyBy', { date: formatDate(s.rectifyBy) }) : s.endsAt ? t('enforcement.file.endsOn', { date: formatDate(s.endsAt) }) : '—'}</td>
                      {officer && (
                        <td>
                          {s.inForce && (
                            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setLifting(s)} data-testid={`file-lift-${s.kind}`}>
                              {t('enforcement.file.lift')}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title={t('enforcement.file.violations')} testId="file-violations">
          {f.violations.length === 0 ? (
            <EmptyState title={t('enforcement.file.noViolations')} />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('enforcement.col.detected')}</th>
                    <th>{t('enforcement.col.rule')}</th>
                    <th>{t('enforcement.col.summary')}</th>
                    <th className="num">{t('enforcement.col.points')}</th>
                    <th>{t('enforcement.col.expires')}</th>
                    <th>{t('enforcement.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.violations.map((v) => (
                    <tr key={v.id} data-testid={`file-violation-${v.id}`}>
                      <td className="nowrap">
                        <Link to={`/compliance/violations/${encodeURIComponent(v.id)}`}>{formatDate(v.detectedAt)}</Link>
                      </td>
                      <td>{ruleName(v.rule)}</td>
                      <td className="small">{v.summary}</td>
                      <td className="num">{v.pointsActive ? <strong>{v.points}</strong> : <span className="muted">{v.points}</span>}</td>
                      <td className="nowrap">{v.pointsActive && v.pointsExpireAt ? formatDate(v.pointsExpireAt) : '—'}</td>
                      <td>
                        <EnfBadge kind="violation" status={v.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <div className="grid-2">
          <Card title={t('enforcement.file.appeals')} testId="file-appeals">
            {f.appeals.length === 0 ? (
              <EmptyState title={t('enforcement.file.noAppeals')} />
            ) : (
              <ul className="plain-list enf-list">
                {f.appeals.map((a) => (
                  <li key={a.id}>
                    <Link to={`/compliance/appeals/${encodeURIComponent(a.id)}`}>{t(`enforcement.appeal.target.${a.targetType}`)}</Link> · {formatDate(a.submittedAt)} <EnfBadge kind="appeal" status={a.status} />
                    {a.decisionReason && <div className="muted small">{a.decisionReason}</div>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t('enforcement.file.auditFindings')} testId="file-audit-findings">
            {(f.auditFindings ?? []).length === 0 ? (
              <EmptyState title={t('enforcement.file.noFindings')} />
            ) : (
              <ul className="plain-list enf-list">
                {(f.auditFindings ?? []).map((a) => (
                  <li key={a.id}>
                    <Link to={`/compliance/audits/${encodeURIComponent(a.auditId)}`}>{ruleName(a.rule)}</Link> · {t(`enforcement.audit.item.${a.itemType}`, { defaultValue: a.itemType })} {a.itemId}
                    {a.violationStatus && <> <EnfBadge kind="violation" status={a.violationStatus} /></>}
                    <div className="muted small">{a.note}</div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        {officer && (
          <Card title={t('enforcement.file.log')} testId="file-log">
            <p className="muted small">{t('enforcement.file.logHint')}</p>
            <ErrorBanner error={log.error} />
            {(log.data?.items ?? []).length === 0 ? (
              <EmptyState title={t('enforcement.file.noLog')} />
            ) : (
              <div className="table-wrap">
                <table className="table enf-log">
                  <thead>
                    <tr>
                      <th className="num">#</th>
                      <th>{t('enforcement.col.when')}</th>
                      <th>{t('enforcement.col.action')}</th>
                      <th>{t('enforcement.col.by')}</th>
                      <th>{t('enforcement.col.policy')}</th>
                      <th>{t('enforcement.col.hash')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(log.data?.items ?? []).map((e) => (
                      <tr key={e.id} data-testid={`log-${e.seq}`}>
                        <td className="num">{e.seq}</td>
                        <td className="nowrap">{formatDateTime(e.at)}</td>
                        <td>{t(`enforcement.logAction.${e.action}`, { defaultValue: e.action })}</td>
                        <td>{e.actorRole ? t(`roles.${e.actorRole}`, { defaultValue: e.actorRole }) : '—'}</td>
                        <td>{e.policyVersion ? `v${e.policyVersion}` : '—'}</td>
                        <td>
                          <code className="enf-hash" title={`${t('enforcement.file.prevHash')}: ${e.prevHash}`}>
                            {e.hash.slice(0, 12)}…
                          </code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        )}
      </div>

      <ImposeDialog
        sellerId={sellerId}
        open={imposing}
        onClose={() => setImposing(false)}
        onDone={() => {
          setImposing(false);
          toast(t('enforcement.file.imposed'));
          void reload();
        }}
      />
      <ReasonDialog
        open={lifting !== null}
        title={t('enforcement.file.liftTitle', { sanction: lifting ? t(`enforcement.sanction.${lifting.kind}`) : '' })}
        label={t('enforcement.file.reason')}
        submitLabel={t('enforcement.file.lift')}
        onClose={() => setLifting(null)}
        onSubmit={async (reason) => {
          await enforcementApi.lift(lifting!.id, reason);
          setLifting(null);
          toast(t('enforcement.file.liftedToast'));
          await reload();
        }}
        testId="lift-sanction"
      />
    </div>
  );
}
