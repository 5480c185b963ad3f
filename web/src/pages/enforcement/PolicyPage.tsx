import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { policyApi, type PolicyDiff, type PolicyDocument, type PolicyVersion } from '../../api/policy';
import { BarChart } from '../../components/Charts';
import { useConfirm } from '../../components/Confirm';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { EnfBadge, SanctionTag, Stat } from '../../components/enforcement/bits';
import { PolicySection, withoutEmpty } from '../../components/enforcement/PolicyForm';
import { hasRole } from '../../lib/roles';
import { formatDateTime } from '../../lib/format';
import { useUser } from '../../lib/session';
import { useResource } from '../../lib/useResource';

const JSON_TAB = '__json';

/** The dry run's result as charts and the list of affected sellers. */
export function DryRunResult({ diff, testId }: { diff: PolicyDiff; testId: string }) {
  const { t } = useTranslation();
  const s = diff.summary;
  const tierBars = Object.entries(s.tierChanges).map(([k, v]) => {
    const [from, to] = k.split('→');
    const rank = ['at_risk', 'fair', 'good', 'trusted'];
    const down = rank.indexOf(to ?? '') < rank.indexOf(from ?? '');
    return { label: `${t(`scorecard.tier.${from}`, { defaultValue: from })}→${t(`scorecard.tier.${to}`, { defaultValue: to })}`, value: v, tone: down ? ('danger' as const) : ('success' as const) };
  });
  const sanctionedBars = Object.entries(s.sanctioned).map(([k, v]) => ({ label: t(`enforcement.sanction.${k}`, { defaultValue: k }), value: v, tone: 'danger' as const }));
  const liftedBars = Object.entries(s.sanctionsLifted).map(([k, v]) => ({ label: t(`enforcement.sanction.${k}`, { defaultValue: k }), value: v, tone: 'success' as const }));
  return (
    <div className="stack" data-testid={testId}>
      <p className="muted">{t('policyEditor.dry.about', { days: diff.replayDays, version: diff.version, active: diff.activeVersion, asOf: formatDateTime(diff.asOf) })}</p>
      <div className="stat-row enf-stat-row">
        <Stat value={s.sellersChanged} label={t('policyEditor.dry.sellersChanged', { total: s.sellers })} testId={`${testId}-changed`} tone={s.sellersChanged ? 'warning' : undefined} />
        <Stat value={s.violationsProposed} label={t('policyEditor.dry.proposed')} />
        <Stat value={s.autoConfirmed} label={t('policyEditor.dry.autoConfirmed')} />
      </div>
      <div className="grid-2">
        <Card title={t('policyEditor.dry.pointsTitle')}>
          <BarChart
            label={t('policyEditor.dry.pointsTitle')}
            testId={`${testId}-points-chart`}
            bars={[
              { label: t('policyEditor.dry.gain'), value: s.gainPoints, tone: 'danger' },
              { label: t('policyEditor.dry.lose'), value: s.losePoints, tone: 'success' },
            ]}
          />
        </Card>
        <Card title={t('policyEditor.dry.tiersTitle')}>
          {tierBars.length ? <BarChart label={t('policyEditor.dry.tiersTitle')} testId={`${testId}-tiers-chart`} bars={tierBars} /> : <p className="chart-empty muted">{t('policyEditor.dry.noTierChanges')}</p>}
        </Card>
        <Card title={t('policyEditor.dry.sanctionedTitle')}>
          {sanctionedBars.length ? <BarChart label={t('policyEditor.dry.sanctionedTitle')} testId={`${testId}-sanctioned-chart`} bars={sanctionedBars} /> : <p className="chart-empty muted">{t('policyEditor.dry.noneSanctioned')}</p>}
        </Card>
        <Card title={t('policyEditor.dry.liftedTitle')}>
          {liftedBars.length ? <BarChart label={t('policyEditor.dry.liftedTitle')} testId={`${testId}-lifted-chart`} bars={liftedBars} /> : <p className="chart-empty muted">{t('policyEditor.dry.noneLifted')}</p>}
        </Card>
      </div>
      <Card title={t('policyEditor.dry.affected', { count: diff.changes.length })}>
        {diff.changes.length === 0 ? (
          <EmptyState title={t('policyEditor.dry.noChanges')} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid={`${testId}-changes`}>
              <thead>
                <tr>
                  <th>{t('enforcement.col.seller')}</th>
                  <th className="num">{t('enforcement.col.points')}</th>
                  <th>{t('policyEditor.dry.sanctions')}</th>
                  <th>{t('enforcement.col.status')}</th>
                  <th>{t('policyEditor.dry.tier')}</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c) => (
                  <tr key={c.sellerId} data-testid={`dry-change-${c.sellerId}`}>
                    <td>
                      <Link to={`/compliance/sellers/${encodeURIComponent(c.sellerId)}/enforcement`}>{c.shopName}</Link>
                    </td>
                    <td className="num">
                      {c.points.before} → <strong>{c.points.after}</strong>
                    </td>
                    <td>
                      {c.sanctions.added.map((k) => (
                        <span key={`+${k}`} className="enf-diff-add">
                          + <SanctionTag kind={k} />
                        </span>
                      ))}
                      {c.sanctions.removed.map((k) => (
                        <span key={`-${k}`} className="enf-diff-remove">
                          − <SanctionTag kind={k} />
                        </span>
                      ))}
                      {c.sanctions.added.length + c.sanctions.removed.length === 0 && '—'}
                    </td>
                    <td>{c.status.before === c.status.after ? t(`status.seller.${c.status.after}`, { defaultValue: c.status.after }) : `${t(`status.seller.${c.status.before}`, { defaultValue: c.status.before })} → ${t(`status.seller.${c.status.after}`, { defaultValue: c.status.after })}`}</td>
                    <td>{c.tier ? `${t(`scorecard.tier.${c.tier.before}`, { defaultValue: c.tier.before })} → ${t(`scorecard.tier.${c.tier.after}`, { defaultValue: c.tier.after })}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

/** The policy editor: admins edit a draft, dry-run it and activate it; compliance officers read every version. */
export function PolicyPage() {
  const { t } = useTranslation();
  const user = useUser();
  const toast = useToast();
  const confirm = useConfirm();
  const admin = hasRole(user, 'admin');
  const versions = useResource(() => policyApi.versions(), []);
  const [selected, setSelected] = useState<number | null>(null);
  const [current, setCurrent] = useState<PolicyVersion | null>(null);
  const [doc, setDoc] = useState<PolicyDocument | null>(null);
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [tab, setTab] = useState('enforcement');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [diff, setDiff] = useState<PolicyDiff | null>(null);
  const [activated, setActivated] = useState<PolicyDiff | null>(null);
  const [draftNote, setDraftNote] = useState('');
  const [dirty, setDirty] = useState(false);

  const items = versions.data?.items ?? [];
  const active = items.find((v) => v.status === 'active');
  useEffect(() => {
    if (selected === null && items.length) setSelected((items.find((v) => v.status === 'draft') ?? active ?? items[0]).version);
  }, [items, selected, active]);
  useEffect(() => {
    if (selected === null) return;
    let live = true;
    setError(null);
    setDiff(null);
    policyApi.version(selected).then(
      (v) => {
        if (!live) return;
        setCurrent(v);
        setDoc(v.document);
        setJsonText(JSON.stringify(v.document, null, 2));
        setNote(v.note);
        setDirty(false);
      },
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [selected]);

  const editable = admin && current?.status === 'draft';
  const fields = error instanceof ApiError ? error.fields : {};

  const run = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const newDraft = () =>
    run('draft', async () => {
      const v = await policyApi.createDraft({ note: draftNote.trim() || undefined });
      setDraftNote('');
      setActivated(null);
      await versions.reload();
      setSelected(v.version);
      toast(t('policyEditor.draftCreated', { version: v.version }));
    });

  const documentToSend = (): PolicyDocument | null => {
    if (tab !== JSON_TAB) return withoutEmpty(doc!) as PolicyDocument;
    try {
      const parsed = JSON.parse(jsonText) as PolicyDocument;
      setJsonError(null);
      return parsed;
    } catch (err) {
      setJsonError(t('policyEditor.jsonInvalid', { message: (err as Error).message }));
      return null;
    }
  };

  const save = () =>
    run('save', async () => {
      const body = documentToSend();
      if (!body || !current) return;
      const v = await policyApi.patchDraft(current.version, { document: body, note: note.trim() || undefined });
      setCurrent(v);
      setDoc(v.document);
      setJsonText(JSON.stringify(v.document, null, 2));
      setDirty(false);
      setDiff(null);
      toast(t('policyEditor.saved'));
    });

  const dryRun = () =>
    run('dry', async () => {
      if (!current) return;
      if (dirty) {
        const body = documentToSend();
        if (!body) return;
        const v = await policyApi.patchDraft(current.version, { document: body, note: note.trim() || undefined });
        setCurrent(v);
        setDoc(v.document);
        setDirty(false);
      }
      setDiff(await policyApi.dryRun(current.version));
    });

  const activate = async () => {
    if (!current) return;
    const ok = await confirm({
      title: t('policyEditor.activateTitle', { version: current.version }),
      body: diff ? t('policyEditor.activateBodyDry', { count: diff.summary.sellersChanged }) : t('policyEditor.activateBody'),
      confirmLabel: t('policyEditor.activate'),
      tone: 'danger',
    });
    if (!ok) return;
    await run('activate', async () => {
      const result = await policyApi.activate(current.version);
      setActivated(result);
      setDiff(null);
      await versions.reload();
      setCurrent(await policyApi.version(current.version));
      toast(t('policyEditor.activated', { version: current.version }));
    });
  };

  if (versions.loading && !versions.data) return <Loading />;
  const sections = doc ? Object.keys(doc) : [];

  return (
    <div className="page" data-testid="policy-page">
      <PageHeader title={t('policyEditor.title')} subtitle={admin ? t('policyEditor.subtitleAdmin') : t('policyEditor.subtitleReadOnly')} />
      <ErrorBanner error={versions.error} />
      <div className="grid-sidebar grid-sidebar-left policy-layout">
        <div className="stack">
          <Card title={t('policyEditor.activeTitle')} testId="policy-active">
            {active ? (
              <>
                <p>
                  <strong data-testid="policy-active-version">v{active.version}</strong> · {active.note}
                </p>
                <p className="muted small">{t('policyEditor.activeSince', { date: formatDateTime(active.activatedAt) })}</p>
              </>
            ) : (
              <p className="muted">{t('policyEditor.defaults')}</p>
            )}
          </Card>
          {admin && (
            <Card title={t('policyEditor.newDraft')}>
              <Field label={t('policyEditor.draftNote')} optionalLabel={t('common.optional')}>
                <input type="text" maxLength={2000} value={draftNote} onChange={(e) => setDraftNote(e.target.value)} data-testid="policy-draft-note" />
              </Field>
              <button type="button" className="btn btn-primary" onClick={() => void newDraft()} disabled={busy !== null} data-testid="policy-new-draft">
                {t('policyEditor.createDraft')}
              </button>
            </Card>
          )}
          <Card title={t('policyEditor.history')} testId="policy-history">
            <ul className="plain-list policy-versions">
              {items.map((v) => (
                <li key={v.version} className={v.version === selected ? 'policy-version-selected' : ''}>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSelected(v.version)} data-testid={`policy-version-${v.version}`} aria-current={v.version === selected}>
                    v{v.version}
                  </button>
                  <EnfBadge kind="policy" status={v.status} testId={`policy-version-status-${v.version}`} />
                  <div className="muted small">{v.note}</div>
                  <div className="muted small">{formatDateTime(v.activatedAt ?? v.createdAt)}</div>
                </li>
              ))}
            </ul>
          </Card>
        </div>

        <div className="stack">
          {activated && (
            <Card title={t('policyEditor.activatedTitle', { version: activated.version })} testId="policy-activated">
              <DryRunResult diff={activated} testId="activation-result" />
            </Card>
          )}
          {/* The dry run's result above the long form, so it is in view once it has run. */}
          {diff && (
            <Card title={t('policyEditor.dry.title', { version: diff.version })} testId="policy-dry-run-card">
              <DryRunResult diff={diff} testId="dry-run-result" />
            </Card>
          )}
          {current && doc ? (
            <Card
              title={
                <span className="title-with-badge">
                  {t('policyEditor.versionTitle', { version: current.version })} <EnfBadge kind="policy" status={current.status} testId="policy-current-status" />
                </span>
              }
              testId="policy-editor"
              actions={
                editable ? (
                  <>
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => void save()} disabled={busy !== null} data-testid="policy-save">
                      {busy === 'save' ? t('common.saving') : t('policyEditor.save')}
                    </button>
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => void dryRun()} disabled={busy !== null} data-testid="policy-dry-run">
                      {busy === 'dry' ? t('policyEditor.running') : t('policyEditor.dryRun')}
                    </button>
                    <button type="button" className="btn btn-danger btn-sm" onClick={() => void activate()} disabled={busy !== null} data-testid="policy-activate">
                      {t('policyEditor.activate')}
                    </button>
                  </>
                ) : undefined
              }
            >
              <ErrorBanner error={error} testId="policy-error" />
              {!editable && <p className="muted small">{admin ? t('policyEditor.onlyDrafts') : t('policyEditor.readOnly')}</p>}
              {editable && (
                <Field label={t('policyEditor.note')} error={fields.note}>
                  <input
                    type="text"
                    maxLength={2000}
                    value={note}
                    onChange={(e) => {
                      setNote(e.target.value);
                      setDirty(true);
                    }}
                    data-testid="policy-note"
                  />
                </Field>
              )}
              <div className="tabs" role="tablist">
                {[...sections, JSON_TAB].map((s) => {
                  const bad = Object.keys(fields).some((f) => f.startsWith(`document.${s}.`) || f === `document.${s}`);
                  return (
                    <button
                      key={s}
                      type="button"
                      role="tab"
                      aria-selected={tab === s}
                      className={`tab ${tab === s ? 'active' : ''}`}
                      onClick={() => {
                        if (s === JSON_TAB) setJsonText(JSON.stringify(doc, null, 2));
                        else if (tab === JSON_TAB && editable) {
                          const parsed = documentToSend();
                          if (!parsed) return;
                          setDoc(parsed);
                        }
                        setTab(s);
                      }}
                      data-testid={`policy-tab-${s}`}
                    >
                      {s === JSON_TAB ? t('policyEditor.json') : t(`policyEditor.section.${s}`, { defaultValue: s })}
                      {bad && <span className="tab-count tab-count-alert">!</span>}
                    </button>
                  );
                })}
              </div>
              {tab === JSON_TAB ? (
                <div className="field">
                  <textarea
                    className="policy-json"
                    rows={28}
                    spellCheck={false}
                    readOnly={!editable}
                    value={jsonText}
                    onChange={(e) => {
                      setJsonText(e.target.value);
                      setDirty(true);
                    }}
                    data-testid="policy-json"
                  />
                  {jsonError && (
                    <p className="field-error" role="alert">
                      {jsonError}
                    </p>
                  )}
                  {Object.keys(fields).length > 0 && (
                    <ul className="field-error plain-list" data-testid="policy-json-errors">
                      {Object.entries(fields).map(([k, m]) => (
                        <li key={k}>
                          <code>{k}</code>: {m}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ) : (
                <PolicySection
                  document={doc}
                  section={tab}
                  errors={fields}
                  readOnly={!editable}
                  onChange={(next) => {
                    setDoc(next);
                    setDirty(true);
                  }}
                />
              )}
            </Card>
          ) : (
            error ? <ErrorBanner error={error} /> : <Loading />
          )}
        </div>
      </div>
    </div>
  );
}
