import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { pick, trainingApi, type Attempt, type SellerModule, type TakerModule } from '../../api/training';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Callout, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';
import { useResource } from '../../lib/useResource';
import { TrainingContent } from './Content';

const percent = (v: number) => `${Math.round(v * 100)}%`;

function useSellerId(): string | null {
  const user = useUser();
  return currentMembership(user)?.sellerId ?? null;
}

function NoSeller() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t('training.title')} />
      <EmptyState title={t('profile.noSeller')} />
    </div>
  );
}

function CompletionBadge({ m }: { m: SellerModule }) {
  const { t } = useTranslation();
  if (m.currentVersionCompleted) {
    return (
      <span className="badge badge-success" data-testid={`training-state-${m.slug}`} data-status="completed">
        <span className="badge-dot" aria-hidden="true" />
        {t('training.state.completed', { date: formatDate(m.completed!.at) })}
      </span>
    );
  }
  if (m.completed) {
    return (
      <span className="badge badge-info" data-testid={`training-state-${m.slug}`} data-status="new_version">
        <span className="badge-dot" aria-hidden="true" />
        {t('training.state.newVersion', { version: m.version })}
      </span>
    );
  }
  return (
    <span className="badge badge-neutral" data-testid={`training-state-${m.slug}`} data-status="not_started">
      <span className="badge-dot" aria-hidden="true" />
      {m.attempts > 0 ? t('training.state.notPassed') : t('training.state.notStarted')}
    </span>
  );
}

/** The seller's modules with what they completed. */
export function SellerTrainingPage() {
  const { t, i18n } = useTranslation();
  const sellerId = useSellerId();
  const list = useResource(() => (sellerId ? trainingApi.forSeller(sellerId) : Promise.resolve(null)), [sellerId]);
  if (!sellerId) return <NoSeller />;
  if (list.loading && !list.data) return <Loading />;
  const modules = list.data?.modules ?? [];
  const done = modules.filter((m) => m.completed).length;
  return (
    <div className="page" data-testid="training-page">
      <PageHeader title={t('training.title')} subtitle={t('training.subtitle')} />
      <ErrorBanner error={list.error} />
      <div className="stack">
        <Callout tone="info" testId="training-progress">
          {t('training.progress', { done, total: modules.length })} <Link to="/seller/scorecard">{t('training.toScorecard')}</Link>
        </Callout>
        {modules.length === 0 ? (
          <EmptyState title={t('training.empty')} />
        ) : (
          <div className="training-grid">
            {modules.map((m) => (
              <Card key={m.id} testId={`training-module-${m.slug}`} className="training-card">
                <div className="training-card-head">
                  <CompletionBadge m={m} />
                  <span className="muted small">{t('training.questions', { count: m.questionCount, pass: percent(m.passMark) })}</span>
                </div>
                <h2 className="training-card-title">{pick(m.title, i18n.language)}</h2>
                <p className="muted">{pick(m.summary, i18n.language)}</p>
                {m.lastAttempt && (
                  <p className="small muted">{t('training.lastAttempt', { score: percent(m.lastAttempt.score), date: formatDateTime(m.lastAttempt.at) })}</p>
                )}
                <Link className="btn btn-primary btn-sm" to={`/seller/training/${encodeURIComponent(m.slug)}`} data-testid={`training-open-${m.slug}`}>
                  {m.currentVersionCompleted ? t('training.review') : t('training.start')}
                </Link>
              </Card>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/** One module: read it, answer its quiz, see the result. */
export function TrainingModulePage() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const sellerId = useSellerId();
  const module = useResource(() => trainingApi.module(slug), [slug]);
  const history = useResource(() => (sellerId && module.data ? trainingApi.attempts(sellerId, module.data.id) : Promise.resolve(null)), [sellerId, module.data?.id]);
  // Sellers read in the console's language (Chinese by default) and may switch the module's text alone.
  const [language, setLanguage] = useState<string | null>(null);
  const [result, setResult] = useState<Attempt | null>(null);
  const lang = language ?? i18n.language;

  if (!sellerId) return <NoSeller />;
  if (module.loading && !module.data) return <Loading />;
  if (!module.data) {
    return (
      <div className="page">
        <PageHeader title={t('training.title')} back={<Link to="/seller/training">← {t('training.back')}</Link>} />
        <ErrorBanner error={module.error} />
      </div>
    );
  }
  const m = module.data;
  const other = lang.startsWith('zh') ? 'en' : 'zh-CN';
  return (
    <div className="page" data-testid="training-module-page">
      <PageHeader
        back={<Link to="/seller/training">← {t('training.back')}</Link>}
        title={pick(m.title, lang)}
        subtitle={t('training.moduleSubtitle', { version: m.version, count: m.questions.length, pass: percent(m.passMark) })}
        actions={
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setLanguage(other)} data-testid="training-language">
            {other === 'en' ? t('training.readIn.en') : t('training.readIn.zh')}
          </button>
        }
      />
      <div className="stack">
        <Card title={t('training.contentTitle')} testId="training-content-card">
          <TrainingContent text={pick(m.content, lang)} testId="training-content" />
        </Card>
        {result ? (
          <AttemptResult attempt={result} module={m} lang={lang} onRetry={() => setResult(null)} />
        ) : (
          <Quiz
            module={m}
            lang={lang}
            onSubmit={async (answers) => {
              const a = await trainingApi.submit(m.id, sellerId, answers);
              setResult(a);
              await history.reload();
            }}
          />
        )}
        {(history.data?.attempts.length ?? 0) > 0 && (
          <Card title={t('training.attemptsTitle')} testId="training-attempts">
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('training.col.when')}</th>
                    <th>{t('training.col.version')}</th>
                    <th className="num">{t('training.col.score')}</th>
                    <th>{t('training.col.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.data!.attempts.map((a) => (
                    <tr key={a.id}>
                      <td>{formatDateTime(a.createdAt)}</td>
                      <td>v{a.moduleVersion}</td>
                      <td className="num">
                        {a.correct} / {a.total}
                      </td>
                      <td>{a.passed ? t('training.passed') : t('training.failed')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        )}
      </div>
    </div>
  );
}

function Quiz({ module: m, lang, onSubmit }: { module: TakerModule; lang: string; onSubmit: (answers: Record<string, number[]>) => Promise<void> }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const unanswered = m.questions.filter((q) => (answers[q.id] ?? []).length === 0).length;

  const toggle = (qid: string, option: number, multiple: boolean) =>
    setAnswers((prev) => {
      const now = prev[qid] ?? [];
      const next = multiple ? (now.includes(option) ? now.filter((o) => o !== option) : [...now, option]) : [option];
      return { ...prev, [qid]: next };
    });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(answers);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('training.quizTitle')} testId="training-quiz">
      <form className="form" onSubmit={submit}>
        <ErrorBanner error={error} />
        <ol className="training-questions">
          {m.questions.map((q) => (
            <li key={q.id} data-testid={`quiz-question-${q.id}`}>
              <fieldset>
                <legend className="training-prompt">
                  {pick(q.prompt, lang)}
                  {q.multiple && <span className="muted small"> · {t('training.multiple')}</span>}
                </legend>
                {q.options.map((o, i) => (
                  <label key={i} className="checkbox">
                    <input
                      type={q.multiple ? 'checkbox' : 'radio'}
                      name={`q-${q.id}`}
                      checked={(answers[q.id] ?? []).includes(i)}
                      onChange={() => toggle(q.id, i, q.multiple)}
                      data-testid={`quiz-option-${q.id}-${i}`}
                    />
                    <span>{pick(o, lang)}</span>
                  </label>
                ))}
              </fieldset>
            </li>
          ))}
        </ol>
        <div className="form-actions">
          {unanswered > 0 && <span className="muted small">{t('training.unanswered', { count: unanswered })}</span>}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="quiz-submit">
            {busy ? t('training.submitting') : t('training.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function AttemptResult({ attempt: a, module: m, lang, onRetry }: { attempt: Attempt; module: TakerModule; lang: string; onRetry: () => void }) {
  const { t } = useTranslation();
  const byId = new Map(m.questions.map((q) => [q.id, q]));
  return (
    <Card title={t('training.resultTitle')} testId="training-result">
      <div className="stack-sm">
        <Callout tone={a.passed ? 'success' : 'warning'} testId="training-result-summary" title={a.passed ? t('training.passedTitle') : t('training.failedTitle')}>
          <span data-testid="training-result-score" data-passed={String(a.passed)}>
            {t('training.resultScore', { correct: a.correct, total: a.total, pass: percent(a.passMark ?? m.passMark) })}
          </span>{' '}
          {a.passed && (a.completionRecorded ? t('training.completionRecorded') : t('training.alreadyCompleted'))}
        </Callout>
        <ol className="training-questions">
          {a.questions.map((r) => {
            const q = byId.get(r.id);
            if (!q) return null;
            return (
              <li key={r.id} data-testid={`result-question-${r.id}`} data-correct={String(r.correct)}>
                <div className="training-prompt">
                  <span className={r.correct ? 'text-success' : 'text-danger'}>{r.correct ? '✓' : '✗'}</span> {pick(q.prompt, lang)}
                </div>
                <div className="small muted">
                  {t('training.yourAnswer')}: {r.chosen.length ? r.chosen.map((i) => pick(q.options[i]!, lang)).join('; ') : t('training.noAnswer')}
                </div>
                {r.answers && !r.correct && (
                  <div className="small">
                    {t('training.rightAnswer')}: {r.answers.map((i) => pick(q.options[i]!, lang)).join('; ')}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
        {!a.passed && <p className="small muted">{t('training.rereadHint')}</p>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onRetry} data-testid="training-retry">
            {t('training.retry')}
          </button>
          <Link className="btn btn-primary" to="/seller/training">
            {t('training.back')}
          </Link>
        </div>
      </div>
    </Card>
  );
}
