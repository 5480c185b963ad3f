import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { BUYER_RULES, enforcementApi, SELLER_RULES, SELLER_SANCTIONS, type SellerSanction, type Violation, type ViolationOrigin, type ViolationStatus } from '../../api/enforcement';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useToast } from '../../components/Toast';
import { Card, DefinitionList, EmptyState, Loading, PageHeader } from '../../components/ui';
import { EnfBadge, EvidenceList, evidenceLine, useRuleName, useSanctionName } from '../../components/enforcement/bits';
import { formatDateTime, formatWaiting } from '../../lib/format';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const STATUSES: ViolationStatus[] = ['proposed', 'confirmed', 'dismissed', 'reversed'];
const ORIGINS: ViolationOrigin[] = ['detector', 'audit', 'officer', 'bulk', 'report'];
const PAGE = 50;

/** Where a violation's subject is looked at: a seller's enforcement file, or (a buyer) the sanctions list has no page. */
export function subjectLink(v: Pick<Violation, 'subjectType' | 'subjectId'>) {
  return v.subjectType === 'seller' ? `/compliance/sellers/${encodeURIComponent(v.subjectId)}/enforcement` : null;
}

/** The compliance queue: proposed violations oldest first, and every other list through the filters. */
export function ViolationQueuePage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'proposed') as ViolationStatus;
  const rule = params.get('rule') ?? '';
  const origin = (params.get('origin') ?? '') as ViolationOrigin | '';
  const subjectType = (params.get('subjectType') ?? '') as 'seller' | 'buyer' | '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const list = useResource(
    () => enforcementApi.violations({ status, rule: rule || undefined, origin: origin || undefined, subjectType: subjectType || undefined, limit: PAGE, offset }),
    [status, rule, origin, subjectType, offset],
  );
  usePolling(() => list.reload(), 30_000);
  const update = (next: Record<string, string>) => {
    const merged = { status, rule, origin, subjectType, offset: '', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([k, v]) => v && !(k === 'status' && v === 'proposed'))), { replace: true });
  };
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  return (
    <div className="page" data-testid="violation-queue">
      <PageHeader title={t('enforcement.queue.title')} subtitle={t('enforcement.queue.subtitle')} />
      <div className="tabs" role="tablist">
        {STATUSES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={status === s} className={`tab ${status === s ? 'active' : ''}`} onClick={() => update({ status: s })} data-testid={`violations-tab-${s}`}>
            {t(`enforcement.status.violation.${s}`)}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('enforcement.queue.rule')}</span>
          <select value={rule} onChange={(e) => update({ rule: e.target.value })} data-testid="violations-rule">
            <option value="">{t('enforcement.queue.allRules')}</option>
            {[...SELLER_RULES, ...BUYER_RULES].map((r) => (
              <option key={r} value={r}>
                {ruleName(r)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>{t('enforcement.queue.origin')}</span>
          <select value={origin} onChange={(e) => update({ origin: e.target.value })} data-testid="violations-origin">
            <option value="">{t('enforcement.queue.allOrigins')}</option>
            {ORIGINS.map((o) => (
              <option key={o} value={o}>
                {t(`enforcement.origin.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>{t('enforcement.queue.subject')}</span>
          <select value={subjectType} onChange={(e) => update({ subjectType: e.target.value })} data-testid="violations-subject">
            <option value="">{t('enforcement.queue.allSubjects')}</option>
            <option value="seller">{t('enforcement.subject.seller')}</option>
            <option value="buyer">{t('enforcement.subject.buyer')}</option>
          </select>
        </label>
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.reload()}>
          {t('common.refresh')}
        </button>
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t(status === 'proposed' ? 'enforcement.queue.emptyProposed' : 'enforcement.queue.empty')} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="violations-table">
              <thead>
                <tr>
                  <th scope="col">{t('enforcement.col.detected')}</th>
                  <th scope="col">{t('enforcement.col.subject')}</th>
                  <th scope="col">{t('enforcement.col.rule')}</th>
                  <th scope="col">{t('enforcement.col.evidence')}</th>
                  <th scope="col" className="num">{t('enforcement.col.points')}</th>
                  <th scope="col">{t('enforcement.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v) => {
                  const link = subjectLink(v);
                  return (
                    <tr key={v.id} data-testid={`violation-row-${v.id}`}>
                      <td className="nowrap">
                        <Link to={`/compliance/violations/${encodeURIComponent(v.id)}`} className="cell-main" data-testid={`violation-open-${v.id}`}>
                          {formatWaiting(v.detectedAt)}
                        </Link>
                        <div className="cell-sub">{formatDateTime(v.detectedAt)}</div>
                      </td>
                      <td>
                        {link ? <Link to={link}>{v.subjectName ?? v.subjectId}</Link> : (v.subjectName ?? v.subjectId)}
                        <div className="cell-sub">{t(`enforcement.subject.${v.subjectType}`)}</div>
                      </td>
                      <td>
                        {ruleName(v.rule)}
                        <div className="cell-sub">{t(`enforcement.origin.${v.origin}`)}</div>
                      </td>
                      <td className="small enf-summary-cell">
                        {v.summary}
                        {evidenceLine(v.evidence) && <div className="cell-sub">{evidenceLine(v.evidence)}</div>}
                      </td>
                      <td className="num">{v.points}</td>
                      <td>
                        <EnfBadge kind="violation" status={v.status} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <span className="muted">{t('common.rangeOf', { from: offset + 1, to: offset + items.length, total })}</span>
            <button type="button" className="btn btn-secondary btn-sm" disabled={offset === 0} onClick={() => update({ offset: String(Math.max(0, offset - PAGE)) })}>
              {t('common.previous')}
            </button>
            <button type="button" className="btn btn-secondary btn-sm" disabled={offset + items.length >= total} onClick={() => update({ offset: String(offset + PAGE) })}>
              {t('common.next')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** Confirming a violation: the points the policy gives (editable), a reason, and optionally a sanction with it. */
function ConfirmDialog({ v, open, onClose, onDone }: { v: Violation; open: boolean; onClose: () => void; onDone: (v: Violation) => void }) {
  const { t } = useTranslation();
  const sanctionName = useSanctionName();
  const [points, setPoints] = useState(String(v.points));
  const [reason, setReason] = useState('');
  const [sanction, setSanction] = useState<SellerSanction | ''>('');
  const [severe, setSevere] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const n = Number(points);
      const body = {
        reason: reason.trim() || undefined,
        points: points.trim() === '' || n === v.points ? undefined : n,
        sanction: sanction || undefined,
        severeFraud: severe || undefined,
      };
      onDone(await enforcementApi.confirm(v.id, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} title={t('enforcement.violation.confirmTitle')} onClose={() => !busy && onClose()} onSubmit={submit} busy={busy} submitLabel={t('enforcement.violation.confirm')} submitTone="danger" testId="confirm-violation">
      <ErrorBanner error={error} />
      <Field label={t('enforcement.violation.points')} hint={t('enforcement.violation.pointsHint', { points: v.points })} error={fields['body.points'] ?? fields.points}>
        <input type="number" min={0} max={100} className="input-narrow" value={points} onChange={(e) => setPoints(e.target.value)} data-testid="confirm-violation-points" />
      </Field>
      {v.subjectType === 'seller' && (
        <Field label={t('enforcement.violation.sanction')} hint={t('enforcement.violation.sanctionHint')} optionalLabel={t('common.optional')} error={fields['body.sanction'] ?? fields.sanction}>
          <select value={sanction} onChange={(e) => setSanction(e.target.value as SellerSanction | '')} data-testid="confirm-violation-sanction">
            <option value="">{t('enforcement.violation.noSanction')}</option>
            {SELLER_SANCTIONS.map((k) => (
              <option key={k} value={k}>
                {sanctionName(k)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {v.subjectType === 'seller' && (
        <label className="checkbox">
          <input type="checkbox" checked={severe} onChange={(e) => setSevere(e.target.checked)} data-testid="confirm-violation-severe" /> {t('enforcement.violation.severeFraud')}
        </label>
      )}
      <Field label={t('enforcement.violation.reason')} optionalLabel={t('common.optional')}>
        <textarea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="confirm-violation-reason" />
      </Field>
    </Dialog>
  );
}

/** One violation: what was found, its evidence, and (while proposed) confirm or dismiss. */
export function ViolationPage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const sanctionName = useSanctionName();
  const toast = useToast();
  const navigate = useNavigate();
  const { violationId = '' } = useParams();
  const res = useResource(() => enforcementApi.violation(violationId), [violationId]);
  const [dialog, setDialog] = useState<'confirm' | 'dismiss' | null>(null);
  if (res.loading && !res.data) return <Loading />;
  const v = res.data;
  if (!v) return <ErrorBanner error={res.error} />;
  const link = subjectLink(v);
  return (
    <div className="page" data-testid="violation-page">
      <PageHeader
        back={<Link to="/compliance/violations">← {t('enforcement.queue.title')}</Link>}
        title={
          <span className="title-with-badge">
            {ruleName(v.rule)} <EnfBadge kind="violation" status={v.status} testId="violation-status" />
          </span>
        }
        subtitle={t('enforcement.violation.subtitle', { id: v.id, subject: t(`enforcement.subject.${v.subjectType}`), origin: t(`enforcement.origin.${v.origin}`) })}
        actions={
          v.status === 'proposed' ? (
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setDialog('dismiss')} data-testid="violation-dismiss">
                {t('enforcement.violation.dismiss')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => setDialog('confirm')} data-testid="violation-confirm">
                {t('enforcement.violation.confirm')}
              </button>
            </>
          ) : undefined
        }
      />
      <div className="grid-sidebar">
        <div className="stack">
          <Card title={t('enforcement.violation.finding')}>
            <p data-testid="violation-summary">{v.summary}</p>
          </Card>
          <Card title={t('enforcement.violation.evidence')} testId="violation-evidence">
            <EvidenceList evidence={v.evidence} />
          </Card>
          {v.appeals.length > 0 && (
            <Card title={t('enforcement.file.appeals')}>
              <ul className="plain-list">
                {v.appeals.map((a) => (
                  <li key={a.id}>
                    <Link to={`/compliance/appeals/${encodeURIComponent(a.id)}`}>{formatDateTime(a.submittedAt)}</Link> <EnfBadge kind="appeal" status={a.status} />
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
        <Card title={t('enforcement.violation.facts')}>
          <DefinitionList
            items={[
              [t('enforcement.col.subject'), link ? <Link to={link} data-testid="violation-subject-link">{v.subjectName ?? v.subjectId}</Link> : (v.subjectName ?? v.subjectId)],
              [t('enforcement.col.points'), <span data-testid="violation-points">{v.points}</span>],
              [t('enforcement.violation.detected'), formatDateTime(v.detectedAt)],
              [t('enforcement.violation.policyVersion'), `v${v.policyVersion}`],
              [t('enforcement.violation.directSanction'), v.directSanction ? sanctionName(v.directSanction) : null],
              [t('enforcement.violation.decided'), v.decidedAt ? formatDateTime(v.decidedAt) : null],
              [t('enforcement.violation.decisionReason'), v.decisionReason],
              [t('enforcement.violation.pointsExpire'), v.pointsExpireAt ? formatDateTime(v.pointsExpireAt) : null],
              [t('enforcement.violation.reversed'), v.reversedAt ? `${formatDateTime(v.reversedAt)} — ${v.reversalReason ?? ''}` : null],
              [t('enforcement.violation.auditLabel'), v.auditId ? <Link to={`/compliance/audits/${encodeURIComponent(v.auditId)}`}>{v.auditId}</Link> : null],
            ]}
          />
        </Card>
      </div>
      {v.status === 'proposed' && (
        <ConfirmDialog
          v={v}
          open={dialog === 'confirm'}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            res.setData(next);
            toast(t('enforcement.violation.confirmed'));
          }}
        />
      )}
      <ReasonDialog
        open={dialog === 'dismiss'}
        title={t('enforcement.violation.dismissTitle')}
        label={t('enforcement.violation.dismissReason')}
        submitLabel={t('enforcement.violation.dismiss')}
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          res.setData(await enforcementApi.dismiss(v.id, reason));
          setDialog(null);
          toast(t('enforcement.violation.dismissed'));
          navigate('/compliance/violations');
        }}
        testId="dismiss-violation"
      />
    </div>
  );
}
