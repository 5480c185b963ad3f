import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseSummary, QueueEntry } from '../../api/types';
import { caseTimeLeft, waitingText } from '../../lib/cases';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { StatusBadge } from '../StatusBadge';
import { useBilingual } from './Bilingual';

type Column = 'item' | 'shop' | 'status' | 'waiting' | 'deadline' | 'requested' | 'opened' | 'reason' | 'due';

/** Cases in a table; the columns depend on who reads it. */
export function CasesTable({
  cases,
  columns,
  side,
  caption,
  testId = 'cases-table',
  action,
}: {
  cases: (CaseSummary | QueueEntry)[];
  columns: Column[];
  side: 'buyer' | 'seller' | 'staff';
  caption: string;
  testId?: string;
  action?: (c: CaseSummary) => ReactNode;
}) {
  const { t } = useTranslation();
  const text = useBilingual();
  const has = (c: Column) => columns.includes(c);
  return (
    <div className="table-wrap">
      <table className="table table-stack" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {has('reason') && <th scope="col">{t('cases.col.reason')}</th>}
            {has('item') && <th scope="col">{t('cases.col.item')}</th>}
            {has('deadline') && <th scope="col">{t('cases.col.deadline')}</th>}
            {has('due') && <th scope="col">{t('cases.col.due')}</th>}
            {has('status') && <th scope="col">{t('cases.col.status')}</th>}
            {has('waiting') && <th scope="col">{t('cases.col.waiting')}</th>}
            {has('requested') && <th scope="col">{t('cases.col.requested')}</th>}
            {has('shop') && <th scope="col">{t('cases.col.shop')}</th>}
            {has('opened') && <th scope="col">{t('cases.col.opened')}</th>}
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => {
            const left = caseTimeLeft(t, c.deadline);
            const mine = (c.waitingFor === 'buyer' && side === 'buyer') || (c.waitingFor === 'seller' && side === 'seller');
            const q = 'queueReason' in c ? c : null;
            return (
              <tr key={c.id} data-testid={`case-row-${c.id}`} className={c.deadline?.overdue ? 'row-overdue' : mine ? 'row-attention' : ''}>
                {has('reason') && q && (
                  <td data-label={t('cases.col.reason')}>
                    <span className={`tag ${q.queueReason === 'escalated' ? 'tag-warning' : 'tag-danger'}`}>{t(`cases.queueReason.${q.queueReason}`)}</span>
                  </td>
                )}
                {has('item') && (
                  <td data-label={t('cases.col.item')}>
                    <Link to={`/cases/${c.id}`} className="cell-main" data-testid={`case-link-${c.id}`}>
                      {c.itemName ?? t('cases.qc.item')}
                    </Link>
                    <div className="cell-sub">
                      {formatMoney(c.claimAmount, c.currency)} · {t('cases.roundShort', { n: c.round })}
                    </div>
                  </td>
                )}
                {has('deadline') && (
                  <td data-label={t('cases.col.deadline')}>
                    {c.deadline ? (
                      <div className="deadline-cell">
                        <span className={`deadline deadline-${left.tone}`} data-testid={`case-deadline-${c.id}`}>
                          {left.text}
                        </span>
                        <span className="cell-sub">{formatDateTime(c.deadline.at)}</span>
                      </div>
                    ) : (
                      '—'
                    )}
                  </td>
                )}
                {has('due') && q && (
                  <td data-label={t('cases.col.due')}>
                    <span className={new Date(q.dueAt).getTime() < Date.now() ? 'deadline deadline-late' : 'deadline'}>{formatDateTime(q.dueAt)}</span>
                  </td>
                )}
                {has('status') && (
                  <td data-label={t('cases.col.status')}>
                    <StatusBadge kind="case" status={c.status} testId={`case-status-${c.id}`} />
                  </td>
                )}
                {has('waiting') && <td className={mine ? 'cell-main' : ''} data-label={t('cases.col.waiting')}>{waitingText(t, c, side)}</td>}
                {has('requested') && <td className="cell-next" data-label={t('cases.col.requested')}>{text(c.agreedRemedy?.text ?? c.requestedRemedy?.text) || '—'}</td>}
                {has('shop') && <td data-label={t('cases.col.shop')}>{c.shopName}</td>}
                {has('opened') && <td data-label={t('cases.col.opened')}>{formatDateTime(c.openedAt)}</td>}
                <td className="cell-actions">
                  {action ? (
                    action(c)
                  ) : (
                    <Link to={`/cases/${c.id}`} className={`btn btn-sm ${mine ? 'btn-primary' : 'btn-secondary'}`} data-testid={`case-open-${c.id}`}>
                      {mine ? t('cases.respond') : t('cases.open')}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
