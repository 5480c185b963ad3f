import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { BUYER_EVIDENCE_KINDS, CLAIMABLE_REMEDIES, disputesApi, type ClarityResult, type DisputeGuide, type DisputeOptions, type DisputeType, type EvidenceKind, type GuideDetail } from '../../api/disputes';
import { BilingualText, useBilingual } from '../../components/cases/Bilingual';
import { DisputeRemedyForm, NO_REMEDY, remedyOf, type RemedyChoice } from '../../components/disputes/DisputeRemedyForm';
import { EvidenceSlot, useEvidenceUploads } from '../../components/disputes/EvidenceUploader';
import { TierBadge } from '../../components/disputes/parts';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Callout, Card, DefinitionList, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { useResource } from '../../lib/useResource';

const STEPS = ['issue', 'items', 'evidence', 'remedy', 'message', 'review'] as const;
type Step = (typeof STEPS)[number];

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Claims about the whole parcel name no items: it never came, or it came empty. */
const wholeOrder = (type: DisputeType | '', detail: string) => type === 'not_received' || detail === 'empty_parcel';

/**
 * The buyer opens a dispute on an order (seed 004): what happened, which items, the evidence the protocol asks for
 * (the unboxing video from the shipping label, the parcel's exterior, the parcel on a scale), the remedy, and a
 * short message checked for what translation software mangles before it is sent.
 */
export function OpenDisputePage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const data = useResource(() => Promise.all([disputesApi.options(orderId), disputesApi.guide()]), [orderId]);
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) {
    return (
      <div className="page">
        <PageHeader title={t('disputes.open.title')} back={<Link to={`/orders/${orderId}`}>← {t('disputes.open.backToOrder')}</Link>} />
        <ErrorBanner error={data.error} />
      </div>
    );
  }
  const [options, guide] = data.data;
  return <Wizard options={options} guide={guide} />;
}

function Wizard({ options, guide }: { options: DisputeOptions; guide: DisputeGuide }) {
  const { t } = useTranslation();
  const text = useBilingual();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('issue');
  const [issueType, setIssueType] = useState<DisputeType | ''>('');
  const [detail, setDetail] = useState('');
  const [items, setItems] = useState<Record<string, number>>({});
  const [scale, setScale] = useState('');
  const [remedy, setRemedy] = useState<RemedyChoice>(NO_REMEDY);
  const [note, setNote] = useState('');
  const [clarity, setClarity] = useState<{ note: string; result: ClarityResult } | null>(null);
  const [conciseChosen, setConciseChosen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const uploads = useEvidenceUploads();

  const type = guide.issueTypes.find((x) => x.type === issueType);
  const g: GuideDetail | undefined = type?.details.find((d) => d.detail === detail);
  const allowedOf = (ty: DisputeType) => options.issueTypes.find((x) => x.type === ty);
  const whole = wholeOrder(issueType, detail);
  const chosenItems = whole ? options.items.map((i) => ({ itemId: i.itemId, quantity: i.quantity })) : Object.entries(items).filter(([, q]) => q > 0).map(([itemId, quantity]) => ({ itemId, quantity }));
  const claimValue = chosenItems.reduce((s, a) => s + a.quantity * (options.items.find((i) => i.itemId === a.itemId)?.unitPrice ?? 0), 0);
  const asked: EvidenceKind[] = g?.fullEvidence ?? type?.fullEvidence ?? [];
  const others = BUYER_EVIDENCE_KINDS.filter((k) => !asked.includes(k) && (k !== 'customs_notice' || detail === 'customs_confiscated'));
  const kindsInfo = (k: EvidenceKind) => guide.evidenceKinds.find((x) => x.kind === k);
  const hasVideo = uploads.evidence.some((e) => e.kind === 'unboxing_video');
  // the weight check needs the reading of any parcel that arrived; a missing-item claim leans on it most
  const askScale = !!type?.parcelArrived;
  const scaleGrams = scale.trim() ? Number(scale.trim()) : undefined;
  const remedies = CLAIMABLE_REMEDIES.filter((r) => r !== 'reshipment' || issueType === 'not_received');
  const built = remedyOf(t, remedy, options.currency, claimValue);
  const fields = () => ({
    orderId: options.orderId,
    issueType: issueType as DisputeType,
    detail,
    ...(whole ? {} : { items: chosenItems }),
    ...(scaleGrams ? { scaleReadingGrams: scaleGrams } : {}),
    remedy: built.remedy!,
  });
  const noteChecked = !note.trim() || clarity?.note === note;

  /** Each step checks its own fields before the next one opens. */
  const check = (s: Step): Record<string, string> => {
    const e: Record<string, string> = {};
    if (s === 'issue') {
      if (!issueType) e.issueType = t('disputes.open.chooseIssue');
      else if (!detail) e.detail = t('disputes.open.chooseDetail');
    }
    if (s === 'items' && !whole && chosenItems.length === 0) e.items = t('disputes.open.chooseItems');
    if (s === 'evidence') {
      if (uploads.busy) e.evidence = t('disputes.open.waitUploads');
      else if (uploads.failed) e.evidence = t('disputes.open.failedUploads');
      if (scale.trim() && (!Number.isInteger(scaleGrams) || (scaleGrams ?? 0) < 1 || (scaleGrams ?? 0) > 1_000_000)) e.scale = t('disputes.open.scaleInvalid');
    }
    if (s === 'remedy') Object.assign(e, built.errors);
    if (s === 'message' && !noteChecked) e.note = t('disputes.clarity.checkFirst');
    return e;
  };
  const stepIndex = STEPS.indexOf(step);
  const go = (to: Step) => {
    const i = STEPS.indexOf(to);
    for (const s of STEPS.slice(0, i)) {
      if (s === 'items' && whole) continue;
      const e = check(s);
      if (Object.keys(e).length) {
        setErrors(e);
        setStep(s);
        return;
      }
    }
    setErrors({});
    setStep(to);
    window.scrollTo(0, 0);
  };
  const next = () => {
    let i = stepIndex + 1;
    if (STEPS[i] === 'items' && whole) i++;
    go(STEPS[i]);
  };
  const back = () => {
    let i = stepIndex - 1;
    if (STEPS[i] === 'items' && whole) i--;
    setErrors({});
    setStep(STEPS[Math.max(0, i)]);
  };

  const runClarity = async (text = note) => {
    setError(null);
    setBusy(true);
    try {
      const result = await disputesApi.clarityCheck({ ...fields(), note: text, evidenceKinds: uploads.evidence.map((e) => e.kind) });
      setClarity({ note: text, result });
      setErrors({});
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      const opened = await disputesApi.open({ ...fields(), ...(uploads.evidence.length ? { evidence: uploads.evidence } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      navigate(`/disputes/${opened.id}`);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.fields.evidence) setErrors({ evidence: err.fields.evidence });
    } finally {
      setBusy(false);
    }
  };

  if (!options.canOpen) {
    return (
      <div className="page">
        <PageHeader title={t('disputes.open.title')} back={<Link to={`/orders/${options.orderId}`}>← {t('disputes.open.backToOrder')}</Link>} />
        <Callout tone="info" title={t('disputes.open.closedTitle')} testId="dispute-closed">
          {options.windowEndsAt ? t('disputes.open.closedWindow', { date: formatDateTime(options.windowEndsAt), days: options.windowDays }) : t('disputes.open.closedBody')}
        </Callout>
      </div>
    );
  }

  return (
    <div className="page dispute-wizard" data-testid="open-dispute-page">
      <PageHeader
        back={<Link to={`/orders/${options.orderId}`}>← {t('disputes.open.backToOrder')}</Link>}
        title={t('disputes.open.title')}
        subtitle={t('disputes.open.subtitle', { ref: options.orderRef, days: guide.sellerResponseBusinessDays })}
      />
      <ol className="stepper dispute-stepper" aria-label={t('disputes.open.steps')}>
        {STEPS.map((s, i) => {
          const skipped = s === 'items' && whole;
          return (
            <li key={s} className={`step ${s === step ? 'current' : ''} ${i < stepIndex && !skipped ? 'done' : ''} ${skipped ? 'skipped' : ''}`} aria-current={s === step ? 'step' : undefined}>
              <button type="button" onClick={() => !skipped && i < stepIndex && go(s)} disabled={skipped || i >= stepIndex} data-testid={`step-${s}`}>
                <span className="step-num" aria-hidden="true">
                  {i < stepIndex && !skipped ? '✓' : i + 1}
                </span>
                <span className="step-text">
                  <span className="step-title">{t(`disputes.open.step.${s}`)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <ErrorBanner error={error} testId="open-error" />

      {step === 'issue' && (
        <Card title={t('disputes.open.issueTitle')}>
          <p className="muted">{t('disputes.open.issueHint')}</p>
          <div className={`choice-cards issue-choices ${errors.issueType ? 'field-invalid' : ''}`} role="radiogroup" aria-label={t('disputes.open.issueTitle')}>
            {guide.issueTypes.map((it) => {
              const a = allowedOf(it.type);
              return (
                <label key={it.type} className={`choice-card ${issueType === it.type ? 'selected' : ''} ${a?.allowed ? '' : 'disabled'}`}>
                  <input
                    type="radio"
                    name="issue"
                    checked={issueType === it.type}
                    disabled={!a?.allowed}
                    onChange={() => {
                      setIssueType(it.type);
                      setDetail('');
                      setClarity(null);
                    }}
                    data-testid={`issue-${it.type}`}
                  />
                  <span className="choice-title">{t(`disputes.issue.${it.type}`)}</span>
                  <span className="choice-desc">
                    {a?.openCaseId ? (
                      <Link to={`/disputes/${a.openCaseId}`}>{t('disputes.open.alreadyOpen')}</Link>
                    ) : a?.allowed ? (
                      t(`disputes.open.issueDesc.${it.type}`)
                    ) : (
                      t(`disputes.open.reason.${a?.details[0]?.reason ?? 'other'}`, { defaultValue: a?.details[0]?.message ?? '' })
                    )}
                  </span>
                </label>
              );
            })}
          </div>
          {errors.issueType && <p className="field-error" role="alert">{errors.issueType}</p>}
          {type && (
            <>
              <h3 className="subhead">{t('disputes.open.detailTitle')}</h3>
              <div className={`choice-cards detail-choices ${errors.detail ? 'field-invalid' : ''}`} role="radiogroup" aria-label={t('disputes.open.detailTitle')}>
                {type.details.map((d) => {
                  const a = allowedOf(type.type)?.details.find((x) => x.detail === d.detail);
                  return (
                    <label key={d.detail} className={`choice-card ${detail === d.detail ? 'selected' : ''} ${a?.allowed ? '' : 'disabled'}`}>
                      <input
                        type="radio"
                        name="detail"
                        checked={detail === d.detail}
                        disabled={!a?.allowed}
                        onChange={() => {
                          setDetail(d.detail);
                          setClarity(null);
                        }}
                        data-testid={`detail-${d.detail}`}
                      />
                      <span className="choice-title">
                        {capitalised(text(d.label))} <TierBadge tier={d.tier} />
                      </span>
                      <span className="choice-desc">
                        {a?.allowed
                          ? a.endsAt && t(a.openedVia === 'protection' ? 'disputes.open.untilProtection' : 'disputes.open.untilWindow', { date: formatDateTime(a.endsAt) })
                          : t(`disputes.open.reason.${a?.reason ?? 'other'}`, { defaultValue: a?.message ?? '' })}
                      </span>
                    </label>
                  );
                })}
              </div>
              {errors.detail && <p className="field-error" role="alert">{errors.detail}</p>}
              {g && (
                <Callout tone={g.tier === 3 ? 'warning' : 'info'} title={text(g.tierText)} testId="tier-hint">
                  {t('disputes.open.tierHint', { remedies: g.remedies.map((r) => t(`disputes.remedy.type.${r}`)).join(', ') })}
                  {g.videoRequired && <p>{t('disputes.open.videoRequired')}</p>}
                </Callout>
              )}
            </>
          )}
        </Card>
      )}

      {step === 'items' && (
        <Card title={t('disputes.open.itemsTitle')}>
          <p className="muted">{t('disputes.open.itemsHint')}</p>
          <ul className="plain-list dispute-items">
            {options.items.map((i) => {
              const q = items[i.itemId] ?? 0;
              return (
                <li key={i.itemId} className="dispute-item">
                  <label className="check">
                    <input type="checkbox" checked={q > 0} onChange={(e) => setItems({ ...items, [i.itemId]: e.target.checked ? i.quantity : 0 })} data-testid={`item-${i.itemId}`} />
                    <span>
                      <strong>{i.name}</strong>
                      <span className="muted small">
                        {' · '}
                        {[i.sku, t('disputes.open.ordered', { count: i.quantity }), formatMoney(i.unitPrice, options.currency)].filter(Boolean).join(' · ')}
                      </span>
                    </span>
                  </label>
                  {q > 0 && i.quantity > 1 && (
                    <label className="toolbar-field">
                      <span>{t('disputes.open.howMany')}</span>
                      <select value={q} onChange={(e) => setItems({ ...items, [i.itemId]: Number(e.target.value) })} data-testid={`item-qty-${i.itemId}`}>
                        {Array.from({ length: i.quantity }, (_, n) => n + 1).map((n) => (
                          <option key={n} value={n}>
                            {n}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
          {errors.items && <p className="field-error" role="alert">{errors.items}</p>}
          <p className="muted small">{t('disputes.open.claimValue', { amount: formatMoney(claimValue, options.currency) })}</p>
        </Card>
      )}

      {step === 'evidence' && (
        <Card title={t('disputes.open.evidenceTitle')}>
          {type?.parcelArrived ? (
            <Callout tone="info" title={t('disputes.protocol.title')}>
              <ol className="protocol-steps">
                <li>{t('disputes.protocol.exterior')}</li>
                <li>{t('disputes.protocol.label')}</li>
                <li>{t('disputes.protocol.scale')}</li>
                <li>{t('disputes.protocol.continuous')}</li>
              </ol>
            </Callout>
          ) : (
            <p className="muted">{t('disputes.protocol.notReceived')}</p>
          )}
          <div className="stack">
            {[...asked, ...others].map((k) => (
              <EvidenceSlot
                key={k}
                kind={k}
                title={text(kindsInfo(k)?.label)}
                hint={t(`disputes.protocol.hint.${k}`)}
                fileKinds={kindsInfo(k)?.files ?? ['photo']}
                uploads={uploads}
                asked={asked.includes(k)}
              />
            ))}
          </div>
          {askScale && (
            <Field label={t('disputes.open.scale')} hint={t('disputes.open.scaleHint')} error={errors.scale} optionalLabel={t('common.optional')}>
              <div className="input-prefix">
                <input inputMode="numeric" value={scale} onChange={(e) => setScale(e.target.value.replace(/[^\d]/g, ''))} data-testid="scale-grams" />
                <span className="input-unit">g</span>
              </div>
            </Field>
          )}
          {g?.videoRequired && !hasVideo && (
            <Callout tone="warning" testId="needs-video">
              {t('disputes.open.needsVideo')}
            </Callout>
          )}
          {errors.evidence && <p className="field-error" role="alert" data-testid="evidence-error">{errors.evidence}</p>}
        </Card>
      )}

      {step === 'remedy' && (
        <Card title={t('disputes.open.remedyTitle')}>
          <p className="muted">{t('disputes.open.remedyHint')}</p>
          <DisputeRemedyForm
            allowed={remedies}
            fitting={g?.remedies}
            value={remedy}
            onChange={(r) => {
              setRemedy(r);
              setClarity(null);
            }}
            currency={options.currency}
            max={claimValue}
            errors={errors}
            audience="buyer"
            testIdPrefix="claim-remedy"
          />
          {g && remedy.type && !g.remedies.includes(remedy.type) && (
            <Callout tone="warning" testId="remedy-out-of-tier">
              {t('disputes.open.outOfTier', { tier: g.tier })}
            </Callout>
          )}
        </Card>
      )}

      {step === 'message' && (
        <Card title={t('disputes.clarity.title')}>
          <p className="muted">{t('disputes.clarity.hint')}</p>
          <Field label={t('disputes.clarity.note')} hint={t('disputes.clarity.noteHint')} error={errors.note} optionalLabel={t('common.optional')}>
            <textarea rows={4} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="dispute-note" />
          </Field>
          <div className="form-actions">
            <button type="button" className="btn btn-secondary" onClick={() => void runClarity()} disabled={busy} data-testid="clarity-check">
              {t('disputes.clarity.check')}
            </button>
          </div>
          {clarity && (
            <ClarityPanel
              result={clarity.result}
              current={clarity.note === note}
              accepted={conciseChosen && !note.trim()}
              onUse={() => {
                // The claim reaches the seller built from its fields; choosing the concise version drops the free text.
                setNote('');
                setConciseChosen(true);
              }}
            />
          )}
        </Card>
      )}

      {step === 'review' && (
        <Card title={t('disputes.open.reviewTitle')} testId="dispute-review">
          <DefinitionList
            items={[
              [t('disputes.field.order'), options.orderRef],
              [t('disputes.field.issue'), `${t(`disputes.issue.${issueType}`)} · ${text(g?.label)}`],
              [t('disputes.field.tier'), g ? <TierBadge tier={g.tier} /> : '—'],
              [t('disputes.field.items'), whole ? t('disputes.open.wholeOrder') : chosenItems.map((a) => `${a.quantity} × ${options.items.find((i) => i.itemId === a.itemId)?.name ?? ''}`).join(', ')],
              [t('disputes.field.evidence'), uploads.evidence.length ? uploads.evidence.map((e) => text(kindsInfo(e.kind)?.label)).join('; ') : t('disputes.open.noEvidence')],
              [t('disputes.field.scale'), scaleGrams ? `${scaleGrams} g` : '—'],
              [t('disputes.field.remedy'), built.remedy ? (built.remedy.type === 'partial_refund' ? t('disputes.remedy.partialOf', { amount: formatMoney(built.remedy.amount, options.currency) }) : t(`disputes.remedy.type.${built.remedy.type}`)) : '—'],
              [t('disputes.field.note'), note.trim() || '—'],
            ]}
          />
          {clarity?.result.concise && (
            <div className="proposal-card">
              <span className="proposal-label">{t('disputes.clarity.sellerReads')}</span>
              <BilingualText text={clarity.result.concise} testId="review-concise" />
            </div>
          )}
          <p className="muted small">{t('disputes.open.afterSubmit', { days: guide.sellerResponseBusinessDays })}</p>
        </Card>
      )}

      <div className="form-actions split">
        <button type="button" className="btn btn-secondary" onClick={back} disabled={stepIndex === 0 || busy} data-testid="wizard-back">
          {t('common.back')}
        </button>
        {step === 'review' ? (
          <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid="dispute-submit">
            {busy ? t('disputes.open.sending') : t('disputes.open.submit')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={next} disabled={busy} data-testid="wizard-next">
            {t('common.next')}
          </button>
        )}
      </div>
    </div>
  );
}

/** What the clarity check flagged in the note, and the concise version built from the claim's fields. */
function ClarityPanel({ result, current, accepted, onUse }: { result: ClarityResult; current: boolean; accepted: boolean; onUse: () => void }) {
  const { t } = useTranslation();
  const text = useBilingual();
  if (accepted) {
    return (
      <div className="clarity" data-testid="clarity-result" data-ok="true">
        <Callout tone="success" title={t('disputes.clarity.accepted')} testId="clarity-accepted">
          {t('disputes.clarity.acceptedBody')}
        </Callout>
        {result.concise && (
          <div className="proposal-card clarity-concise">
            <span className="proposal-label">{t('disputes.clarity.sellerReads')}</span>
            <BilingualText text={result.concise} testId="clarity-concise" />
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="clarity" data-testid="clarity-result" data-ok={String(current && result.ok)}>
      {!current && <p className="muted small">{t('disputes.clarity.stale')}</p>}
      {!current ? null : result.findings.length === 0 ? (
        <Callout tone="success" title={t('disputes.clarity.clear')} testId="clarity-ok" />
      ) : (
        <Callout tone={result.ok ? 'info' : 'warning'} title={t('disputes.clarity.found', { count: result.findings.length })} testId="clarity-findings">
          <ul className="clarity-findings">
            {result.findings.map((f, i) => (
              <li key={i} className={`clarity-${f.severity}`} data-testid={`clarity-finding-${f.code}`}>
                <span className={`tag ${f.severity === 'problem' ? 'tag-danger' : f.severity === 'warning' ? 'tag-warning' : ''}`}>{t(`disputes.clarity.code.${f.code}`)}</span> {text(f.message)}
                {f.excerpt && <q className="clarity-excerpt">{f.excerpt}</q>}
              </li>
            ))}
          </ul>
          <p className="muted small">{t('disputes.clarity.stats', { words: result.stats.words, sentences: result.stats.sentences, longest: result.stats.longestSentenceWords })}</p>
        </Callout>
      )}
      {result.concise && (
        <div className="proposal-card clarity-concise">
          <span className="proposal-label">{t('disputes.clarity.concise')}</span>
          <BilingualText text={result.concise} testId="clarity-concise" />
          {current && (
            <div className="form-actions">
              <button type="button" className="btn btn-primary btn-sm" onClick={onUse} data-testid="clarity-use-concise">
                {t('disputes.clarity.use')}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
