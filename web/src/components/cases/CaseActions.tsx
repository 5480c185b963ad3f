import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { casesApi } from '../../api/cases';
import { REFUSAL_REASONS, type CarrierCode, type CaseAction, type CaseProposal, type CaseView, type RefusalReason, type RemedyType } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { ErrorBanner, serverFieldText } from '../ErrorMessage';
import { Field } from '../Field';
import { ReasonDialog } from '../ReasonDialog';
import { useToast } from '../Toast';
import { TrackingNumberField, type TrackingCheckState } from '../TrackingNumberField';
import { BilingualText } from './Bilingual';
import { buildRemedy, EMPTY_DRAFT, RemedyForm, type RemedyDraft } from './RemedyForm';

type Run = (fn: () => Promise<unknown>, done: string) => Promise<boolean>;

/** Runs a case command: shows the server's problem beside the form, a toast when it went through, then reloads. */
function useRun(onDone: () => void): { run: Run; error: unknown; fieldErrors: Record<string, string>; busy: boolean; clear: () => void } {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run: Run = async (fn, done) => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await fn();
      toast(done);
      onDone();
      return true;
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) {
        const f: Record<string, string> = {};
        for (const [k, v] of Object.entries(err.fields)) f[k.replace(/^remedy\./, '').replace('priceDifference.amount', 'differenceAmount')] = serverFieldText(t, i18n.language, v) ?? v;
        if (err.code === 'amount_exceeds_item') f.amount = f.amount ?? err.detail;
        setFieldErrors(f);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, error, fieldErrors, busy, clear: () => (setError(null), setFieldErrors({})) };
}

function Panel({ title, children, tone = 'action', testId }: { title: ReactNode; children: ReactNode; tone?: 'action' | 'quiet'; testId?: string }) {
  return (
    <section className={`action-panel action-panel-${tone}`} data-testid={testId}>
      <h2 className="action-title">{title}</h2>
      {children}
    </section>
  );
}

function openProposal(c: CaseView, kinds: CaseProposal['kind'][]): CaseProposal | null {
  return [...c.proposals].reverse().find((p) => kinds.includes(p.kind) && p.round === c.round && (p.status === 'open' || p.status === 'final')) ?? null;
}

/** The buyer chooses what should happen to the item that failed QC. */
function ChooseRemedy({ c, action, onDone }: { c: CaseView; action: CaseAction; onDone: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RemedyDraft>(EMPTY_DRAFT);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, error, fieldErrors, busy } = useRun(onDone);
  const submit = async () => {
    const built = buildRemedy(t, draft, c.currency, c.claimAmount);
    setErrors(built.errors);
    if (!built.remedy) return;
    const remedy = built.remedy;
    await run(() => casesApi.chooseRemedy(c.id, remedy, note.trim() || undefined), t('cases.actions.remedySent'));
  };
  const all = { ...errors, ...fieldErrors };
  return (
    <Panel title={t('cases.actions.chooseTitle')} testId="choose-remedy">
      <p className="muted">{t('cases.actions.chooseBody', { amount: formatMoney(c.claimAmount, c.currency) })}</p>
      <ErrorBanner error={error} />
      <RemedyForm
        allowed={action.remedies ?? []}
        draft={draft}
        onChange={(d) => {
          setDraft(d);
          setErrors({});
        }}
        currency={c.currency}
        claimAmount={c.claimAmount}
        errors={all}
        audience="buyer"
        testIdPrefix="remedy"
        disabled={busy}
      />
      <Field label={t('cases.actions.note')} hint={t('cases.actions.noteHint')} optionalLabel={t('common.optional')}>
        <textarea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} disabled={busy} data-testid="remedy-note" />
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid="remedy-submit">
          {draft.type === 'accept_as_is' ? t('cases.actions.keepSubmit') : t('cases.actions.chooseSubmit')}
        </button>
      </div>
    </Panel>
  );
}

/** The buyer's answer to a counter-offer or a refusal: accept it, ask support, or keep the item. */
function AnswerSeller({ c, actions, onDone }: { c: CaseView; actions: Set<string>; onDone: () => void }) {
  const { t } = useTranslation();
  const { run, error, busy } = useRun(onDone);
  const [escalating, setEscalating] = useState(false);
  const proposal = openProposal(c, ['counter', 'refusal']);
  const isCounter = c.status === 'counter_offered';
  return (
    <Panel title={isCounter ? t('cases.actions.counterTitle') : t('cases.actions.refusedTitle')} testId="answer-seller">
      {proposal && (
        <div className={`proposal-card proposal-${proposal.kind}`} data-testid="open-proposal">
          <BilingualText text={proposal.text} />
        </div>
      )}
      <ErrorBanner error={error} />
      <div className="card-buttons">
        {actions.has('accept_counter') && (
          <button type="button" className="btn btn-success" disabled={busy} onClick={() => run(() => casesApi.acceptCounter(c.id), t('cases.actions.counterAccepted'))} data-testid="accept-counter">
            {t('cases.actions.acceptCounter')}
          </button>
        )}
        {actions.has('escalate') && (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setEscalating(true)} data-testid="escalate">
            {t('cases.actions.escalate')}
          </button>
        )}
        {actions.has('accept_as_is') && (
          <button
            type="button"
            className="btn btn-ghost"
            disabled={busy}
            onClick={() => run(() => casesApi.chooseRemedy(c.id, { type: 'accept_as_is' }), t('cases.actions.keptAsIs'))}
            data-testid="keep-as-is"
          >
            {t('cases.actions.keepAsIs')}
          </button>
        )}
      </div>
      <p className="muted small">{t('cases.actions.escalateHint')}</p>
      <ReasonDialog
        open={escalating}
        title={t('cases.actions.escalateTitle')}
        body={t('cases.actions.escalateBody')}
        label={t('cases.actions.escalateReason')}
        required={false}
        submitLabel={t('cases.actions.escalate')}
        onClose={() => setEscalating(false)}
        onSubmit={async (reason) => {
          await casesApi.escalate(c.id, reason || undefined);
          setEscalating(false);
          onDone();
        }}
        testId="escalate-dialog"
      />
    </Panel>
  );
}

/** The seller answers the buyer's request: accept it, propose another remedy, or refuse with a reason. */
function SellerRespond({ c, actions, counterRemedies, onDone }: { c: CaseView; actions: Set<string>; counterRemedies: RemedyType[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'accept' | 'counter' | 'refuse'>('accept');
  const [draft, setDraft] = useState<RemedyDraft>(EMPTY_DRAFT);
  const [note, setNote] = useState('');
  const [reasonCode, setReasonCode] = useState<RefusalReason | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, error, fieldErrors, busy } = useRun(onDone);
  const request = openProposal(c, ['request']);

  const submit = async () => {
    if (mode === 'accept') {
      await run(() => casesApi.respond(c.id, { action: 'accept', ...(note.trim() ? { note: note.trim() } : {}) }), t('cases.actions.requestAccepted'));
    } else if (mode === 'counter') {
      const built = buildRemedy(t, draft, c.currency, c.claimAmount);
      setErrors(built.errors);
      if (!built.remedy) return;
      const remedy = built.remedy;
      await run(() => casesApi.respond(c.id, { action: 'counter', remedy, ...(note.trim() ? { note: note.trim() } : {}) }), t('cases.actions.counterSent'));
    } else {
      if (!reasonCode) {
        setErrors({ reasonCode: t('cases.actions.refusalChoose') });
        return;
      }
      if (reasonCode === 'other' && !note.trim()) {
        setErrors({ reason: t('errors.reason_required') });
        return;
      }
      setErrors({});
      const code = reasonCode;
      await run(() => casesApi.respond(c.id, { action: 'refuse', reasonCode: code, ...(note.trim() ? { reason: note.trim() } : {}) }), t('cases.actions.refusalSent'));
    }
  };

  const modes = (['accept', 'counter', 'refuse'] as const).filter((m) => actions.has(m === 'accept' ? 'accept_request' : m));
  const all = { ...errors, ...fieldErrors };
  return (
    <Panel title={t('cases.actions.respondTitle')} testId="seller-respond">
      {request && (
        <div className="proposal-card proposal-request" data-testid="buyer-request">
          <span className="proposal-label">{t('cases.actions.buyerAsks')}</span>
          <BilingualText text={request.text} />
        </div>
      )}
      <ErrorBanner error={error} />
      <div className="segmented" role="radiogroup" aria-label={t('cases.actions.respondTitle')}>
        {modes.map((m) => (
          <label key={m} className={`segment ${mode === m ? 'active' : ''}`} data-testid={`respond-${m}`}>
            <input type="radio" name="respond-mode" checked={mode === m} onChange={() => setMode(m)} />
            {t(`cases.actions.mode.${m}`)}
          </label>
        ))}
      </div>
      <p className="muted small">{t(`cases.actions.modeHint.${mode}`)}</p>
      {mode === 'counter' && (
        <RemedyForm
          allowed={counterRemedies}
          draft={draft}
          onChange={(d) => {
            setDraft(d);
            setErrors({});
          }}
          currency={c.currency}
          claimAmount={c.claimAmount}
          errors={all}
          audience="other"
          testIdPrefix="counter"
          disabled={busy}
        />
      )}
      {mode === 'refuse' && (
        <Field label={t('cases.actions.refusalReason')} error={all.reasonCode} required>
          <select value={reasonCode} onChange={(e) => setReasonCode(e.target.value as RefusalReason)} data-testid="refusal-code">
            <option value="">{t('common.choose')}</option>
            {REFUSAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`cases.refusal.${r}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field
        label={mode === 'refuse' ? t('cases.actions.refusalNote') : t('cases.actions.note')}
        hint={t('cases.actions.sellerNoteHint')}
        error={mode === 'refuse' ? all.reason : undefined}
        required={mode === 'refuse' && reasonCode === 'other'}
        optionalLabel={t('common.optional')}
      >
        <textarea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} disabled={busy} data-testid="respond-note" />
      </Field>
      <div className="form-actions">
        <button type="button" className={`btn ${mode === 'refuse' ? 'btn-danger' : 'btn-primary'}`} onClick={submit} disabled={busy} data-testid="respond-submit">
          {t(`cases.actions.submit.${mode}`)}
        </button>
      </div>
    </Panel>
  );
}

/** Support decides an escalated case: a remedy and the written reason both sides will read. */
function SupportDecide({ c, action, onDone }: { c: CaseView; action: CaseAction; onDone: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RemedyDraft>(EMPTY_DRAFT);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, error, fieldErrors, busy } = useRun(onDone);
  const submit = async () => {
    const built = buildRemedy(t, draft, c.currency, c.claimAmount);
    const found = { ...built.errors };
    if (reason.trim().length < 10) found.reason = t('cases.actions.decisionReasonShort');
    setErrors(found);
    if (!built.remedy || Object.keys(found).length) return;
    const remedy = built.remedy;
    await run(() => casesApi.decide(c.id, remedy, reason.trim()), t('cases.actions.decided'));
  };
  const all = { ...errors, ...fieldErrors };
  return (
    <Panel title={t('cases.actions.decideTitle')} testId="support-decide">
      <p className="muted">{t('cases.actions.decideBody')}</p>
      {c.escalation?.reason && (
        <div className="proposal-card">
          <span className="proposal-label">{t('cases.actions.escalationReason')}</span>
          <p>{c.escalation.reason}</p>
        </div>
      )}
      <ErrorBanner error={error} />
      <RemedyForm allowed={action.remedies ?? []} draft={draft} onChange={setDraft} currency={c.currency} claimAmount={c.claimAmount} errors={all} audience="other" testIdPrefix="decide" disabled={busy} />
      <Field label={t('cases.actions.decisionReason')} hint={t('cases.actions.decisionReasonHint')} error={all.reason} required>
        <textarea
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (e.target.value.trim().length >= 10) setErrors(({ reason: _r, ...rest }) => rest);
          }}
          disabled={busy}
          data-testid="decide-reason"
        />
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid="decide-submit">
          {t('cases.actions.decideSubmit')}
        </button>
      </div>
    </Panel>
  );
}

/** The warehouse ships a return, or the seller a replacement: carrier and a tracking number checked as typed. */
function ShipWithTracking({ c, kind, onDone }: { c: CaseView; kind: 'return' | 'replacement'; onDone: () => void }) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState<CarrierCode | ''>('');
  const [number, setNumber] = useState('');
  const [check, setCheck] = useState<TrackingCheckState>('idle');
  const [submitReason, setSubmitReason] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ carrier?: string; number?: string }>({});
  const { run, error, busy } = useRun(onDone);
  const submit = async () => {
    const found: typeof errors = {};
    if (!carrier) found.carrier = t('tracking.chooseCarrier');
    if (!number.trim()) found.number = t('validation.required');
    setErrors(found);
    if (!carrier || Object.keys(found).length || check === 'invalid' || check === 'checking') return;
    const input = { carrier, trackingNumber: number.trim() };
    const ok = await run(() => (kind === 'return' ? casesApi.shipReturn(c.id, input) : casesApi.shipReplacement(c.id, input)), t(`cases.actions.shipped.${kind}`));
    if (!ok) setSubmitReason(null);
  };
  const reason = error instanceof ApiError && error.code === 'invalid_tracking_number' ? (typeof error.extra.reason === 'string' ? error.extra.reason : error.detail) : submitReason;
  return (
    <Panel title={t(`cases.actions.shipTitle.${kind}`)} testId={`ship-${kind}`}>
      <p className="muted">{t(`cases.actions.shipBody.${kind}`)}</p>
      {!(error instanceof ApiError && error.code === 'invalid_tracking_number') && <ErrorBanner error={error} />}
      <TrackingNumberField
        carrier={carrier}
        number={number}
        onCarrierChange={setCarrier}
        onNumberChange={setNumber}
        onStateChange={setCheck}
        submitError={reason}
        carrierError={errors.carrier}
        numberError={errors.number}
        testIdPrefix={`ship-${kind}`}
        disabled={busy}
      />
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid={`ship-${kind}-submit`}>
          {t(`cases.actions.shipSubmit.${kind}`)}
        </button>
      </div>
    </Panel>
  );
}

/** A carrier event of the return entered by the warehouse (in transit, delivered). */
function ReturnEvent({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('delivered');
  const [location, setLocation] = useState('');
  const { run, error, busy } = useRun(onDone);
  return (
    <Panel title={t('cases.actions.returnEventTitle')} tone="quiet" testId="return-event">
      <ErrorBanner error={error} />
      <div className="grid-2">
        <Field label={t('cases.actions.returnEventCode')}>
          <select value={code} onChange={(e) => setCode(e.target.value)} data-testid="return-event-code">
            {['in_transit', 'out_for_delivery', 'delivered'].map((k) => (
              <option key={k} value={k}>
                {t(`cases.returnEvents.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cases.actions.returnEventLocation')} optionalLabel={t('common.optional')}>
          <input value={location} maxLength={200} onChange={(e) => setLocation(e.target.value)} data-testid="return-event-location" />
        </Field>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={busy}
          onClick={() =>
            run(
              () => casesApi.returnEvent(c.id, { eventCode: code, occurredAt: new Date().toISOString(), ...(location.trim() ? { location: location.trim() } : {}) }),
              t('cases.actions.returnEventRecorded'),
            )
          }
          data-testid="return-event-submit"
        >
          {t('cases.actions.returnEventSubmit')}
        </button>
      </div>
    </Panel>
  );
}

/**
 * What the reader can do on the case now, from the actions the server lists for them: one panel per step, so a
 * buyer, a seller, support and the warehouse each see only their own move.
 */
export function CaseActions({ c, onDone }: { c: CaseView; onDone: () => void }) {
  const { t } = useTranslation();
  const [escalating, setEscalating] = useState(false);
  const { run, error, busy } = useRun(onDone);
  const list = c.availableActions;
  const names = new Set(list.map((a) => a.action));
  const find = (name: string) => list.find((a) => a.action === name);
  const panels: ReactNode[] = [];

  if (names.has('choose_remedy')) panels.push(<ChooseRemedy key="choose" c={c} action={find('choose_remedy')!} onDone={onDone} />);
  else if (c.viewer.side === 'buyer' && (names.has('accept_counter') || ((c.status === 'seller_refused' || c.status === 'counter_offered') && (names.has('escalate') || names.has('accept_as_is')))))
    panels.push(<AnswerSeller key="answer" c={c} actions={names} onDone={onDone} />);
  if (names.has('accept_request') || names.has('counter') || names.has('refuse'))
    panels.push(<SellerRespond key="respond" c={c} actions={names} counterRemedies={find('counter')?.remedies ?? []} onDone={onDone} />);
  if (names.has('decide')) panels.push(<SupportDecide key="decide" c={c} action={find('decide')!} onDone={onDone} />);
  if (names.has('ship_return')) panels.push(<ShipWithTracking key="ship-return" c={c} kind="return" onDone={onDone} />);
  if (names.has('ship_replacement')) panels.push(<ShipWithTracking key="ship-replacement" c={c} kind="replacement" onDone={onDone} />);
  if (names.has('record_return_event')) panels.push(<ReturnEvent key="return-event" c={c} onDone={onDone} />);
  if (names.has('confirm_receipt')) {
    panels.push(
      <Panel key="confirm" title={t('cases.actions.confirmReceiptTitle')} testId="confirm-receipt">
        <p className="muted">{t('cases.actions.confirmReceiptBody')}</p>
        <ErrorBanner error={error} />
        <div className="card-buttons">
          <button type="button" className="btn btn-success" disabled={busy} onClick={() => run(() => casesApi.confirmReceipt(c.id), t('cases.actions.receiptConfirmed'))} data-testid="confirm-receipt-submit">
            {t('cases.actions.confirmReceipt')}
          </button>
          {names.has('escalate') && (
            <button type="button" className="btn btn-secondary" onClick={() => setEscalating(true)} data-testid="escalate">
              {t('cases.actions.disputeReturn')}
            </button>
          )}
        </div>
      </Panel>,
    );
  } else if (names.has('escalate') && c.viewer.side !== 'buyer') {
    panels.push(
      <Panel key="escalate" title={t('cases.actions.escalateTitle')} tone="quiet">
        <button type="button" className="btn btn-secondary" onClick={() => setEscalating(true)} data-testid="escalate">
          {t('cases.actions.escalate')}
        </button>
      </Panel>,
    );
  } else if (names.has('escalate') && c.viewer.side === 'buyer' && c.status === 'awaiting_replacement') {
    panels.push(
      <Panel key="escalate" title={t('cases.actions.lateReplacementTitle')} tone="quiet">
        <p className="muted">{t('cases.actions.lateReplacementBody')}</p>
        <button type="button" className="btn btn-secondary" onClick={() => setEscalating(true)} data-testid="escalate">
          {t('cases.actions.escalate')}
        </button>
      </Panel>,
    );
  }
  if (names.has('inspect_replacement')) {
    panels.push(
      <Panel key="inspect" title={t('cases.actions.inspectTitle')} tone="quiet">
        <Link className="btn btn-primary" to={`/warehouse/inspect/${c.orderId}`} data-testid="inspect-replacement">
          {t('cases.actions.inspect')}
        </Link>
      </Panel>,
    );
  }

  if (panels.length === 0) return null;
  return (
    <div className="stack" data-testid="case-actions">
      {panels}
      <ReasonDialog
        open={escalating}
        title={t('cases.actions.escalateTitle')}
        body={t('cases.actions.escalateBody')}
        label={t('cases.actions.escalateReason')}
        required={false}
        submitLabel={t('cases.actions.escalate')}
        onClose={() => setEscalating(false)}
        onSubmit={async (reason) => {
          await casesApi.escalate(c.id, reason || undefined);
          setEscalating(false);
          onDone();
        }}
        testId="escalate-dialog"
      />
    </div>
  );
}
