import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../context.js';
import { finishEmail } from './templates.js';

/** Waits after failed attempt 1, 2, …; the e-mail fails after the last one. */
export const EMAIL_RETRY_SCHEDULE_MS = [60_000, 300_000, 1_800_000, 7_200_000];
export const EMAIL_MAX_ATTEMPTS = EMAIL_RETRY_SCHEDULE_MS.length + 1;
/** How far a claim pushes `next_attempt_at`: past the SMTP timeouts below. */
const CLAIM_LEASE_MS = 120_000;

const transports = new WeakMap<AppContext, Transporter>();

function transportFor(ctx: AppContext, smtpUrl: string): Transporter {
  let t = transports.get(ctx);
  if (!t) {
    t = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
    transports.set(ctx, t);
  }
  return t;
}

/**
 * The periodic e-mail job. With SMTP_URL configured it sends the pending e-mails (claimed with
 * FOR UPDATE SKIP LOCKED, the claim committed before talking to the server, retried with backoff);
 * without it, pending e-mails become 'captured' and stay readable in the console.
 * Returns the number of e-mails handled.
 */
export async function sendPendingEmails(ctx: AppContext, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const smtpUrl = ctx.config.smtpUrl;
  if (!smtpUrl) {
    const res = await ctx.db.updateTable('email_outbox').set({ status: 'captured', next_attempt_at: null }).where('status', '=', 'pending').executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
  const batchSize = options.batchSize ?? 20;
  const maxBatches = options.maxBatches ?? 5;
  let handled = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await claimDue(ctx, batchSize);
    for (const mail of claimed) await sendOne(ctx, smtpUrl, mail);
    handled += claimed.length;
    if (claimed.length < batchSize) break;
  }
  return handled;
}

interface ClaimedEmail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  link: string | null;
  attempts: number;
}

async function claimDue(ctx: AppContext, limit: number): Promise<ClaimedEmail[]> {
  const now = ctx.clock.now();
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  const res = await sql<ClaimedEmail>`
    UPDATE email_outbox SET attempts = attempts + 1, next_attempt_at = ${leaseUntil}
    WHERE id IN (
      SELECT id FROM email_outbox
      WHERE status = 'pending' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, to_address, subject, text_body, html_body, link, attempts`.execute(ctx.db);
  return res.rows;
}

async function sendOne(ctx: AppContext, smtpUrl: string, mail: ClaimedEmail): Promise<void> {
  let error: string | null = null;
  let permanent = false;
  if (mail.attempts > EMAIL_MAX_ATTEMPTS) {
    error = 'the last attempt was interrupted';
  } else {
    const { text, html } = finishEmail({ text: mail.text_body, html: mail.html_body, link: mail.link }, ctx.config.publicUrl);
    try {
      await transportFor(ctx, smtpUrl).sendMail({ from: ctx.config.mailFrom, to: mail.to_address, subject: mail.subject, text, html });
    } catch (err) {
      const e = err as { message?: string; responseCode?: number; code?: string };
      // 5xx from the server: the message will never be accepted as it is.
      permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      error = String(e.message ?? err).replace(/\s+/g, ' ').slice(0, 500);
      ctx.log.warn({ emailId: mail.id, code: e.code, responseCode: e.responseCode }, 'e-mail not sent');
    }
  }
  const now = ctx.clock.now();
  const failed = error !== null && (permanent || mail.attempts >= EMAIL_MAX_ATTEMPTS);
  const status = error === null ? 'sent' : failed ? 'failed' : 'pending';
  const wait = EMAIL_RETRY_SCHEDULE_MS[Math.min(mail.attempts, EMAIL_RETRY_SCHEDULE_MS.length) - 1];
  try {
    await ctx.db
      .updateTable('email_outbox')
      .set({
        status,
        last_error: error,
        sent_at: status === 'sent' ? now : null,
        next_attempt_at: status === 'pending' ? new Date(now.getTime() + Math.round(wait * (0.8 + 0.4 * Math.random()))) : null,
      })
      .where('id', '=', mail.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', mail.attempts)
      .execute();
  } catch (err) {
    ctx.log.error({ err, emailId: mail.id }, 'could not record an e-mail result');
  }
}
