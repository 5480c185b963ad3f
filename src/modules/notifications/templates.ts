import type { Locale } from '../../db/tables/identity.js';
import type { Json } from '../../db/tables/platform.js';

/**
 * What a notification says, in each console language, rendered from its event type and structured data.
 * Stored notifications keep only the type and data, so the text follows the reader's current language.
 */
export interface Rendered {
  title: string;
  body: string;
}

export type Template = Record<Locale, (data: Json) => Rendered>;

const templates = new Map<string, Template>();

/** Modules add the wording for their own event types. */
export function registerNotificationTemplates(entries: Record<string, Template>): void {
  for (const [type, t] of Object.entries(entries)) templates.set(type, t);
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : fallback);

const DOCUMENT_NAMES: Record<string, Record<Locale, string>> = {
  identity: { en: 'identity document', 'zh-CN': '身份证件' },
  business_licence: { en: 'business licence', 'zh-CN': '营业执照' },
  proof_of_address: { en: 'proof of address', 'zh-CN': '地址证明' },
};
const documentName = (kind: unknown, locale: Locale) => DOCUMENT_NAMES[str(kind, '')]?.[locale] ?? (locale === 'en' ? 'document' : '文件');
const shop = (d: Json, locale: Locale) => str(d.shopName, locale === 'en' ? 'A seller' : '一位卖家');
const reasonLine = (d: Json, locale: Locale) => (typeof d.reason === 'string' && d.reason.trim() ? (locale === 'en' ? ` Reason: ${d.reason.trim()}` : `原因：${d.reason.trim()}`) : '');
const approved = (d: Json) => ['approve', 'approved'].includes(str(d.decision, ''));

registerNotificationTemplates({
  'seller.application_submitted': {
    en: (d) => ({ title: `Application to review: ${shop(d, 'en')}`, body: `${shop(d, 'en')} submitted its verification application${d.resubmission ? ' again' : ''}; it is waiting in the review queue.` }),
    'zh-CN': (d) => ({ title: `待审核申请：${shop(d, 'zh-CN')}`, body: `${shop(d, 'zh-CN')}${d.resubmission ? '重新' : ''}提交了认证申请，正在审核队列中等待。` }),
  },
  'seller.document_reviewed': {
    en: (d) => ({
      title: `Your ${documentName(d.kind, 'en')} was ${approved(d) ? 'approved' : 'rejected'}`,
      body: approved(d) ? 'The compliance team approved this document.' : `The compliance team rejected this document.${reasonLine(d, 'en')}`,
    }),
    'zh-CN': (d) => ({
      title: `您的${documentName(d.kind, 'zh-CN')}已${approved(d) ? '通过审核' : '被驳回'}`,
      body: approved(d) ? '合规团队已批准该文件。' : `合规团队驳回了该文件。${reasonLine(d, 'zh-CN')}`,
    }),
  },
  'seller.revision_requested': {
    en: (d) => ({ title: `Please upload your ${documentName(d.kind, 'en')} again`, body: `The compliance team asked for a new ${documentName(d.kind, 'en')}.${reasonLine(d, 'en')}` }),
    'zh-CN': (d) => ({ title: `请重新上传${documentName(d.kind, 'zh-CN')}`, body: `合规团队要求您重新提交${documentName(d.kind, 'zh-CN')}。${reasonLine(d, 'zh-CN')}` }),
  },
  'seller.verified': {
    en: (d) => ({ title: 'Your shop is verified', body: `${shop(d, 'en')} passed verification and may now sell.` }),
    'zh-CN': (d) => ({ title: '您的店铺已通过认证', body: `${shop(d, 'zh-CN')}已通过认证，现在可以开始销售。` }),
  },
  'seller.rejected': {
    en: (d) => ({ title: 'Your application was rejected', body: `The verification application of ${shop(d, 'en')} was rejected.${reasonLine(d, 'en')}` }),
    'zh-CN': (d) => ({ title: '您的申请被拒绝', body: `${shop(d, 'zh-CN')}的认证申请被拒绝。${reasonLine(d, 'zh-CN')}` }),
  },
  'seller.reverification_required': {
    en: (d) => ({ title: 'Verify your shop again', body: `Your ${documentName(d.kind, 'en')} has expired${d.expiresOn ? ` (${str(d.expiresOn, '')})` : ''}. Upload a current one to keep selling.` }),
    'zh-CN': (d) => ({ title: '请重新认证您的店铺', body: `您的${documentName(d.kind, 'zh-CN')}已过期${d.expiresOn ? `（${str(d.expiresOn, '')}）` : ''}。请上传有效文件以继续销售。` }),
  },
  'seller.document_expiring': {
    en: (d) => ({ title: `Your ${documentName(d.kind, 'en')} expires soon`, body: `It expires on ${str(d.expiresOn, 'a date within 30 days')}. Upload a renewed one before then to avoid re-verification.` }),
    'zh-CN': (d) => ({ title: `您的${documentName(d.kind, 'zh-CN')}即将过期`, body: `该文件将于${str(d.expiresOn, '30 天内')}过期。请在此之前上传新文件，以免需要重新认证。` }),
  },
});

/** The event type made readable when a module has not registered wording for it. */
function fallback(eventType: string, locale: Locale): Rendered {
  const words = eventType.replace(/[._]/g, ' ').trim();
  const title = words.charAt(0).toUpperCase() + words.slice(1);
  return locale === 'en' ? { title, body: '' } : { title: `通知：${eventType}`, body: '' };
}

export function renderNotification(eventType: string, data: Json, locale: Locale): Rendered {
  const t = templates.get(eventType);
  if (!t) return fallback(eventType, locale);
  try {
    return t[locale](data ?? {});
  } catch {
    return fallback(eventType, locale);
  }
}

const FOOTER: Record<Locale, { open: string; why: string }> = {
  en: { open: 'Open in Arbiter', why: 'You receive this e-mail because of your role on Arbiter.' },
  'zh-CN': { open: '在 Arbiter 中查看', why: '您因在 Arbiter 上的角色而收到此邮件。' },
};

/** Where the sender puts the absolute console address; see `finishEmail`. */
export const LINK_TOKEN = '{{link}}';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Subject, text and HTML for one recipient; a link is left as LINK_TOKEN until the address is known. */
export function renderEmail(eventType: string, data: Json, locale: Locale, hasLink: boolean): { subject: string; text: string; html: string } {
  const { title, body } = renderNotification(eventType, data, locale);
  const f = FOOTER[locale];
  const text = [title, '', body, ...(hasLink ? ['', `${f.open}: ${LINK_TOKEN}`] : []), '', '--', f.why].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><body style="font-family:system-ui,sans-serif;color:#1f2933;max-width:560px">`,
    `<h2 style="font-size:18px">${escapeHtml(title)}</h2>`,
    body ? `<p>${escapeHtml(body)}</p>` : '',
    hasLink ? `<p><a href="${LINK_TOKEN}">${escapeHtml(f.open)}</a></p>` : '',
    `<p style="color:#7b8794;font-size:12px">${escapeHtml(f.why)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: `[Arbiter] ${title}`, text, html };
}

/** Puts the console address into a stored e-mail: absolute with ARBITER_PUBLIC_URL, else the path as is. */
export function finishEmail(email: { text: string; html: string; link: string | null }, publicUrl: string | undefined): { text: string; html: string } {
  if (!email.link) return { text: email.text, html: email.html };
  let href = email.link;
  if (publicUrl && href.startsWith('/')) href = publicUrl.replace(/\/+$/, '') + href;
  return { text: email.text.split(LINK_TOKEN).join(href), html: email.html.split(LINK_TOKEN).join(escapeHtml(href)) };
}
