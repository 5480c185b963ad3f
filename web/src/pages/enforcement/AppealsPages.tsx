import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { enforcementApi, type Appeal } from '../../api/enforcement';
import { ErrorBanner } from '../../components/ErrorMessage';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useToast } from '../../components/Toast';
import { Callout, Card, DefinitionList, EmptyState, Loading, PageHeader } from '../../components/ui';
import { EnfBadge, useRuleName, useSanctionName } from '../../components/enforcement/bits';
import { formatBytes, formatDateTime, formatWaiting } from '../../lib/format';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const TABS: Appeal['status'][] = ['submitted', 'upheld', 'rejected'];

/** The appeals queue: appeals waiting for a decision, oldest first; decided ones on their tabs. */
export function AppealsQueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'submitted') as Appeal['status'];
  const list = useResource(() => enforcementApi.appeals({ status, limit: 100 }), [status]);
  usePolling(() => list.reload(), 30_000);
  const items = list.data?.items ?? [];
  return (
    <div className="page" data-testid="appeals-queue">
      <PageHeader title={t('enforcementAppeals.title')} subtitle={t('enforcementAppeals.subtitle')} />
      <div className="tabs" role="tablist">
        {TABS.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={status === s} className={`tab ${status === s ? 'active' : ''}`} onClick={() => setParams(s === 'submitted' ? {} : { status: s }, { replace: true })} data-testid={`appeals-tab-${s}`}>
            {t(`enforcement.status.appeal.${s}`)}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('enforcementAppeals.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="appeals-table">
            <thead>
              <tr>
                <th>{t('enforcementAppeals.col.submitted')}</th>
                <th>{t('enforcement.col.seller')}</th>
                <th>{t('enforcementAppeals.col.target')}</th>
                <th>{t('enforcementAppeals.col.statement')}</th>
                <th>{t('enforcement.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-testid={`appeal-row-${a.id}`}>
                  <td className="nowrap">
                    <Link to={`/compliance/appeals/${encodeURIComponent(a.id)}`} className="cell-main" data-testid={`appeal-open-${a.id}`}>
                      {formatWaiting(a.submittedAt)}
                    </Link>
                    <div className="cell-sub">{formatDateTime(a.submittedAt)}</div>
                  </td>
                  <td>
                    <Link to={`/compliance/sellers/${encodeURIComponent(a.sellerId)}/enforcement`}>{a.shopName ?? a.sellerId}</Link>
                  </td>
                  <td>{t(`enforcement.appeal.target.${a.targetType}`)}</td>
                  <td className="small enf-summary-cell">{a.statement}</td>
                  <td>
                    <EnfBadge kind="appeal" status={a.status} />
                    {a.status === 'submitted' && !a.mayDecide && <div className="cell-sub">{t('enforcementAppeals.notYours')}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** One appeal: the seller's statement and evidence, what is appealed, and the decision (not by its original officer). */
export function AppealPage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const sanctionName = useSanctionName();
  const toast = useToast();
  const { appealId = '' } = useParams();
  const res = useResource(() => enforcementApi.appeal(appealId), [appealId]);
  const [deciding, setDeciding] = useState<'uphold' | 'reject' | null>(null);
  if (res.loading && !res.data) return <Loading />;
  const a = res.data;
  if (!a) return <ErrorBanner error={res.error} />;
  const targetLabel = a.target ? (a.targetType === 'violation' ? ruleName(a.target.label) : sanctionName(a.target.label)) : a.targetId;
  return (
    <div className="page" data-testid="appeal-page">
      <PageHeader
        back={<Link to="/compliance/appeals">← {t('enforcementAppeals.title')}</Link>}
        title={
          <span className="title-with-badge">
            {t('enforcementAppeals.pageTitle', { target: targetLabel })} <EnfBadge kind="appeal" status={a.status} testId="appeal-status" />
          </span>
        }
        subtitle={t('enforcementAppeals.pageSubtitle', { seller: a.shopName ?? a.sellerId, date: formatDateTime(a.submittedAt) })}
        actions={
          a.status === 'submitted' ? (
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setDeciding('reject')} data-testid="appeal-reject">
                {t('enforcementAppeals.reject')}
              </button>
              <button type="button" className="btn btn-success" onClick={() => setDeciding('uphold')} data-testid="appeal-uphold">
                {t('enforcementAppeals.uphold')}
              </button>
            </>
          ) : undefined
        }
      />
      {a.status === 'submitted' && !a.mayDecide && (
        <Callout tone="warning" title={t('enforcementAppeals.sameOfficerTitle')} testId="appeal-same-officer">
          {t('enforcementAppeals.sameOfficerBody')}
        </Callout>
      )}
      <div className="grid-sidebar">
        <div className="stack">
          <Card title={t('enforcementAppeals.statement')}>
            <blockquote className="reason" data-testid="appeal-statement">
              {a.statement}
            </blockquote>
          </Card>
          <Card title={t('enforcementAppeals.evidence')} testId="appeal-evidence">
            {a.evidence.length === 0 ? (
              <p className="muted">{t('enforcementAppeals.noEvidence')}</p>
            ) : (
              <ul className="plain-list enf-list">
                {a.evidence.map((e) => (
                  <li key={e.id}>
                    <a href={e.url} target="_blank" rel="noreferrer" data-testid={`appeal-evidence-${e.id}`}>
                      {e.fileName}
                    </a>{' '}
                    <span className="muted small">
                      {e.mediaType} · {formatBytes(e.sizeBytes)} · SHA-256 {e.sha256.slice(0, 12)}…
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {a.decisionReason && (
            <Card title={t('enforcementAppeals.decision')}>
              <p data-testid="appeal-decision-reason">{a.decisionReason}</p>
              <p className="muted small">{formatDateTime(a.decidedAt)}</p>
            </Card>
          )}
        </div>
        <Card title={t('enforcementAppeals.appealed')}>
          <DefinitionList
            items={[
              [t('enforcementAppeals.col.target'), t(`enforcement.appeal.target.${a.targetType}`)],
              [t('enforcementAppeals.what'), a.targetType === 'violation' ? <Link to={`/compliance/violations/${encodeURIComponent(a.targetId)}`}>{targetLabel}</Link> : targetLabel],
              [t('enforcement.col.summary'), a.target?.summary],
              [t('enforcement.col.points'), a.target?.points ?? null],
              [t('enforcement.col.status'), a.target ? <EnfBadge kind={a.targetType} status={a.target.status} /> : null],
              [t('enforcement.col.seller'), <Link to={`/compliance/sellers/${encodeURIComponent(a.sellerId)}/enforcement`}>{a.shopName ?? a.sellerId}</Link>],
              [t('enforcement.violation.policyVersion'), `v${a.policyVersion}`],
            ]}
          />
        </Card>
      </div>
      <ReasonDialog
        open={deciding !== null}
        title={t(deciding === 'uphold' ? 'enforcementAppeals.upholdTitle' : 'enforcementAppeals.rejectTitle')}
        body={t(deciding === 'uphold' ? 'enforcementAppeals.upholdBody' : 'enforcementAppeals.rejectBody')}
        label={t('enforcementAppeals.reason')}
        submitLabel={t(deciding === 'uphold' ? 'enforcementAppeals.uphold' : 'enforcementAppeals.reject')}
        tone={deciding === 'uphold' ? 'primary' : 'danger'}
        onClose={() => setDeciding(null)}
        onSubmit={async (reason) => {
          const next = await enforcementApi.decideAppeal(a.id, { decision: deciding!, reason });
          res.setData(next);
          setDeciding(null);
          toast(t('enforcementAppeals.decided'));
        }}
        testId="appeal-decide"
      />
    </div>
  );
}
