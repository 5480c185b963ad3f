import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTEST_REASONS, DECISION_REMEDIES, disputesApi, SELLER_EVIDENCE_KINDS, BUYER_EVIDENCE_KINDS, type ContestReason, type DisputeGuide, type DisputeView, type EvidenceKind, type Tier } from '../../api/disputes';
import { BilingualText, useBilingual } from '../../components/cases/Bilingual';
import { DisputeRemedyForm, NO_REMEDY, remedyOf, type RemedyChoice } from '../../components/disputes/DisputeRemedyForm';
import { EvidenceSlot, useEvidenceUploads } from '../../components/disputes/EvidenceUploader';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useToast } from '../../components/Toast';
import { Callout, Card } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { hasRole } from '../../lib/roles';
import { useUser } from '../../lib/session';

const has = (d: DisputeView, action: string) => d.availableActions.some((a) => a.action === action);

/** The step the reader can take on the dispute now, from the actions the API lists for them. */
export function DisputeActions({ d, guide, onDone }: { d: DisputeView; guide: DisputeGuide | undefined; onDone: (v?: DisputeView) => void }) {
  const user = useUser();
  const staff = hasRole(user, 'support_agent', 'admin');
  return (
    <>
      {(has(d, 'accept_claim') || has(d, 'offer_remedy') || has(d, 'contest')) && <SellerResponse d={d} guide={guide} onDone={onDone} />}
      {(has(d, 'accept_offer') || has(d, 'request_mediation') || has(d, 'withdraw') || has(d, 'appeal')) && <PartyActions d={d} onDone={onDone} />}
      {staff && d.status === 'escalated' && <DecisionForm d={d} appeal={false} onDone={onDone} />}
      {staff && d.status === 'appealed' && <DecisionForm d={d} appeal onDone={onDone} />}
      {has(d, 'add_evidence') && <AddEvidence d={d} guide={guide} onDone={onDone} />}
    </>
  );
}

function SellerResponse({ d, guide, onDone }: { d: DisputeView; guide: DisputeGuide | undefined; onDone: (v?: DisputeView) => void }) {
  const { t } = useTranslation();
  const text = useBilingual();
  const toast = useToast();
  const [mode, setMode] = useState<'accept' | 'offer' | 'contest' | null>(null);
  const [remedy, setRemedy] = useState<RemedyChoice>(NO_REMEDY);
  const [reasonCode, setReasonCode] = useState<ContestReason | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const uploads = useEvidenceUploads();
  const requested = d.dispute.requestedRemedy?.remedy.type;
  const offerable = DECISION_REMEDIES.filter((r) => r !== 'no_action');

  const submit = async () => {
    const e: Record<string, string> = {};
    let body: Parameters<typeof disputesApi.respond>[1] | null = null;
    if (mode === 'accept') body = { action: 'accept', ...(note.trim() ? { note: note.trim() } : {}) };
    if (mode === 'offer') {
      const built = remedyOf(t, remedy, d.currency, d.claimAmount);
      Object.assign(e, built.errors);
      if (built.remedy) body = { action: 'offer', remedy: built.remedy, ...(note.trim() ? { note: note.trim() } : {}) };
    }
    if (mode === 'contest') {
      if (!reasonCode) e.reasonCode = t('disputes.respond.chooseReason');
      if (reasonCode === 'other' && !note.trim()) e.note = t('disputes.respond.saySomething');
      if (uploads.busy) e.evidence = t('disputes.open.waitUploads');
      if (reasonCode) body = { action: 'contest', reasonCode, ...(note.trim() ? { reason: note.trim() } : {}), ...(uploads.evidence.length ? { evidence: uploads.evidence } : {}) };
    }
    setErrors(e);
    if (Object.keys(e).length || !body) return;
    setBusy(true);
    setError(null);
    try {
      const v = await disputesApi.respond(d.id, body);
      toast(t(`disputes.respond.done.${mode}`));
      uploads.reset();
      onDone(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('disputes.respond.title')} testId="seller-response">
      <p className="muted">{t('disputes.respond.hint')}</p>
      <div className="choice-cards respond-choices" role="radiogroup" aria-label={t('disputes.respond.title')}>
        {(['accept', 'offer', 'contest'] as const).map((m) => (
          <label key={m} className={`choice-card ${mode === m ? 'selected' : ''}`}>
            <input type="radio" name="respond" checked={mode === m} onChange={() => setMode(m)} data-testid={`respond-${m}`} />
            <span className="choice-title">{t(`disputes.respond.mode.${m}`)}</span>
            <span className="choice-desc">{m === 'accept' && d.dispute.requestedRemedy ? text(d.dispute.requestedRemedy.text) : t(`disputes.respond.modeDesc.${m}`)}</span>
          </label>
        ))}
      </div>
      <ErrorBanner error={error} testId="respond-error" />
      {mode === 'offer' && (
        <DisputeRemedyForm
          allowed={offerable.filter((r) => r !== requested || r === 'partial_refund')}
          fitting={d.dispute.matrix.remedies}
          value={remedy}
          onChange={setRemedy}
          currency={d.currency}
          max={d.claimAmount}
          errors={errors}
          audience="other"
          testIdPrefix="offer"
        />
      )}
      {mode === 'contest' && (
        <>
          <Field label={t('disputes.respond.reason')} error={errors.reasonCode} required>
            <select value={reasonCode} onChange={(e) => setReasonCode(e.target.value as ContestReason)} data-testid="contest-reason">
              <option value="">{t('common.choose')}</option>
              {CONTEST_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`disputes.contest.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <div className="stack">
            {SELLER_EVIDENCE_KINDS.map((k) => (
              <EvidenceSlot key={k} kind={k} title={text(guide?.evidenceKinds.find((x) => x.kind === k)?.label) || k} fileKinds={guide?.evidenceKinds.find((x) => x.kind === k)?.files ?? ['photo']} uploads={uploads} hint={t(`disputes.protocol.hint.${k}`)} />
            ))}
          </div>
          {errors.evidence && <p className="field-error" role="alert">{errors.evidence}</p>}
        </>
      )}
      {mode && (
        <>
          <Field label={t(mode === 'contest' ? 'disputes.respond.explain' : 'disputes.respond.note')} hint={t('disputes.respond.noteHint')} error={errors.note} optionalLabel={mode === 'contest' && reasonCode === 'other' ? undefined : t('common.optional')} required={mode === 'contest' && reasonCode === 'other'}>
            <textarea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="respond-note" />
          </Field>
          <div className="form-actions">
            <button type="button" className={`btn ${mode === 'contest' ? 'btn-danger' : 'btn-primary'}`} onClick={submit} disabled={busy || uploads.busy} data-testid="respond-submit">
              {t(`disputes.respond.submit.${mode}`)}
            </button>
          </div>
        </>
      )}
    </Card>
  );
}

function PartyActions({ d, onDone }: { d: DisputeView; onDone: (v?: DisputeView) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [dialog, setDialog] = useState<'mediation' | 'withdraw' | 'appeal' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const offer = d.proposals.find((p) => p.kind === 'counter' && p.status === 'open');
  const buyer = d.viewer.side === 'buyer';
  const acceptOffer = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await disputesApi.acceptOffer(d.id));
      toast(t('disputes.party.offerAccepted'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const title = d.status === 'decided' ? t('disputes.party.decidedTitle') : d.status === 'counter_offered' ? t('disputes.party.offerTitle') : d.status === 'contested' ? t('disputes.party.contestedTitle') : t('disputes.party.title');
  return (
    <Card title={title} testId="party-actions">
      <ErrorBanner error={error} testId="party-error" />
      {offer && (
        <div className="proposal-card proposal-counter" data-testid="open-offer">
          <span className="proposal-label">{t('disputes.party.offer')}</span>
          <BilingualText text={offer.text} />
          {offer.reason && <blockquote className="timeline-reason">{offer.reason}</blockquote>}
        </div>
      )}
      {d.status === 'contested' && d.dispute.contest && (
        <p>
          {t('disputes.party.contestedBody')} <BilingualText text={d.dispute.contest.reason} showOther={false} />
        </p>
      )}
      {d.status === 'decided' && d.dispute.mediation?.appealUntil && <p className="muted">{t('disputes.party.appealHint', { date: formatDateTime(d.dispute.mediation.appealUntil) })}</p>}
      <div className="form-actions">
        {has(d, 'accept_offer') && (
          <button type="button" className="btn btn-primary" onClick={acceptOffer} disabled={busy} data-testid="accept-offer">
            {t('disputes.party.acceptOffer')}
          </button>
        )}
        {has(d, 'request_mediation') && (
          <button type="button" className="btn btn-secondary" onClick={() => setDialog('mediation')} data-testid="request-mediation">
            {t('disputes.party.requestMediation')}
          </button>
        )}
        {has(d, 'appeal') && (
          <button type="button" className="btn btn-secondary" onClick={() => setDialog('appeal')} data-testid="appeal">
            {t('disputes.party.appeal')}
          </button>
        )}
        {has(d, 'withdraw') && buyer && (
          <button type="button" className="btn btn-ghost" onClick={() => setDialog('withdraw')} data-testid="withdraw">
            {t('disputes.party.withdraw')}
          </button>
        )}
      </div>
      <ReasonDialog
        open={dialog === 'mediation'}
        title={t('disputes.party.mediationTitle')}
        body={t('disputes.party.mediationBody')}
        label={t('disputes.party.mediationReason')}
        submitLabel={t('disputes.party.requestMediation')}
        required={false}
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          const v = await disputesApi.requestMediation(d.id, reason.trim() || undefined);
          setDialog(null);
          toast(t('disputes.party.mediationRequested'));
          onDone(v);
        }}
        testId="mediation-dialog"
      />
      <ReasonDialog
        open={dialog === 'appeal'}
        title={t('disputes.party.appealTitle')}
        body={t('disputes.party.appealBody')}
        label={t('disputes.party.appealReason')}
        hint={t('disputes.decide.reasonHint')}
        submitLabel={t('disputes.party.appeal')}
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          const v = await disputesApi.appeal(d.id, reason.trim());
          setDialog(null);
          toast(t('disputes.party.appealed'));
          onDone(v);
        }}
        testId="appeal-dialog"
      />
      <ReasonDialog
        open={dialog === 'withdraw'}
        title={t('disputes.party.withdrawTitle')}
        body={t('disputes.party.withdrawBody')}
        label={t('disputes.party.withdrawReason')}
        submitLabel={t('disputes.party.withdraw')}
        tone="danger"
        required={false}
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          const v = await disputesApi.withdraw(d.id, reason.trim() || undefined);
          setDialog(null);
          toast(t('disputes.party.withdrawn'));
          onDone(v);
        }}
        testId="withdraw-dialog"
      />
    </Card>
  );
}

/**
 * Support decides the mediation (or another agent the appeal) with a remedy, a written reason and, for the
 * mediation, a tier of their own when it differs from the matrix's. The API refuses an appeal decided by the agent
 * who decided the mediation; its message is shown as it comes.
 */
function DecisionForm({ d, appeal, onDone }: { d: DisputeView; appeal: boolean; onDone: (v?: DisputeView) => void }) {
  const { t } = useTranslation();
  const text = useBilingual();
  const toast = useToast();
  const user = useUser();
  const [remedy, setRemedy] = useState<RemedyChoice>(NO_REMEDY);
  const [reason, setReason] = useState('');
  const [tier, setTier] = useState<'' | '1' | '2' | '3'>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mediator = appeal && d.dispute.mediation?.decidedBy === user.id;

  const submit = async () => {
    const built = remedyOf(t, remedy, d.currency, d.claimAmount);
    const e = { ...built.errors };
    if (reason.trim().length < 10) e.reason = t('disputes.decide.reasonShort');
    setErrors(e);
    if (Object.keys(e).length || !built.remedy) return;
    setBusy(true);
    setError(null);
    try {
      const v = appeal
        ? await disputesApi.decideAppeal(d.id, { remedy: built.remedy, reason: reason.trim() })
        : await disputesApi.decide(d.id, { remedy: built.remedy, reason: reason.trim(), ...(tier ? { tier: Number(tier) as Tier } : {}) });
      toast(t('disputes.decide.done'));
      onDone(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={appeal ? t('disputes.decide.appealTitle') : t('disputes.decide.title')} testId={appeal ? 'appeal-decision-form' : 'decision-form'}>
      {appeal && d.dispute.appeal && (
        <div className="proposal-card" data-testid="appeal-reason">
          <span className="proposal-label">{t('disputes.decide.appealBy', { side: t(`disputes.side.${d.dispute.appeal.side}`), date: formatDateTime(d.dispute.appeal.at) })}</span>
          {d.dispute.appeal.reason && <blockquote className="timeline-reason">{d.dispute.appeal.reason}</blockquote>}
        </div>
      )}
      {mediator && <Callout tone="warning" testId="appeal-same-agent">{t('disputes.decide.sameAgent')}</Callout>}
      <p className="muted">{t('disputes.decide.recommended', { text: text(d.dispute.matrix.tierText) })}</p>
      <ErrorBanner error={error} testId="decide-error" />
      <DisputeRemedyForm
        allowed={DECISION_REMEDIES}
        fitting={d.dispute.matrix.remedies}
        value={remedy}
        onChange={setRemedy}
        currency={d.currency}
        max={d.claimAmount}
        errors={errors}
        audience="other"
        testIdPrefix="decide"
      />
      {!appeal && (
        <Field label={t('disputes.decide.tier')} hint={t('disputes.decide.tierHint')} optionalLabel={t('common.optional')}>
          <select value={tier} onChange={(e) => setTier(e.target.value as typeof tier)} data-testid="decide-tier">
            <option value="">{t('disputes.decide.tierAsMatrix', { tier: d.dispute.matrix.tier })}</option>
            {[1, 2, 3].map((n) => (
              <option key={n} value={String(n)}>
                {t('disputes.tier.short', { tier: n })}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t('disputes.decide.reason')} hint={t('disputes.decide.reasonHint')} error={errors.reason} required>
        <textarea rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decide-reason" />
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid="decide-submit">
          {appeal ? t('disputes.decide.submitAppeal') : t('disputes.decide.submit')}
        </button>
      </div>
    </Card>
  );
}

/** A party adds evidence later: the buyer the video a tier-3 claim needs, the seller more packing proof. */
function AddEvidence({ d, guide, onDone }: { d: DisputeView; guide: DisputeGuide | undefined; onDone: (v?: DisputeView) => void }) {
  const { t } = useTranslation();
  const text = useBilingual();
  const toast = useToast();
  const [open, setOpen] = useState(d.dispute.flags.needsVideo && d.viewer.side === 'buyer');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const uploads = useEvidenceUploads();
  const kinds: EvidenceKind[] = d.viewer.side === 'seller' ? SELLER_EVIDENCE_KINDS : BUYER_EVIDENCE_KINDS;
  const submit = async () => {
    if (uploads.evidence.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const v = await disputesApi.addEvidence(d.id, uploads.evidence, note.trim() || undefined);
      uploads.reset();
      setNote('');
      setOpen(false);
      toast(t('disputes.addEvidence.done'));
      onDone(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title={t('disputes.addEvidence.title')}
      testId="add-evidence"
      actions={
        !open && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setOpen(true)} data-testid="add-evidence-open">
            {t('disputes.addEvidence.open')}
          </button>
        )
      }
    >
      {d.dispute.flags.needsVideo && d.viewer.side === 'buyer' && <Callout tone="warning">{t('disputes.open.needsVideo')}</Callout>}
      {open ? (
        <>
          <ErrorBanner error={error} />
          <div className="stack">
            {kinds.map((k) => (
              <EvidenceSlot key={k} kind={k} title={text(guide?.evidenceKinds.find((x) => x.kind === k)?.label) || k} fileKinds={guide?.evidenceKinds.find((x) => x.kind === k)?.files ?? ['photo']} uploads={uploads} />
            ))}
          </div>
          <Field label={t('disputes.addEvidence.note')} optionalLabel={t('common.optional')}>
            <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="add-evidence-note" />
          </Field>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={submit} disabled={busy || uploads.busy || uploads.evidence.length === 0} data-testid="add-evidence-submit">
              {t('disputes.addEvidence.submit')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted small">{t('disputes.addEvidence.hint')}</p>
      )}
    </Card>
  );
}
