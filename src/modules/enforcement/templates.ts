import type { Json } from '../../db/tables/platform.js';
import { registerNotificationTemplates } from '../notifications/templates.js';

/** Wording of enforcement's notifications in both console languages. */
const s = (v: unknown, fallback = '') => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : fallback);

const SANCTIONS: Record<string, { en: string; zh: string }> = {
  warning: { en: 'a warning', zh: '警告' },
  no_promotions: { en: 'no promotions', zh: '禁止参加促销' },
  search_demotion: { en: 'lower search ranking', zh: '搜索降权' },
  listing_limit: { en: 'a listing limit', zh: '商品数量限制' },
  small_parcel_restriction: { en: 'the small-parcel restriction', zh: '小包限制' },
  suspension: { en: 'suspension', zh: '暂停经营' },
  ban: { en: 'a permanent ban', zh: '永久封禁' },
  claim_limit: { en: 'a claim limit', zh: '索赔次数限制' },
};
const sanction = (d: Json, l: 'en' | 'zh') => SANCTIONS[s(d.kind)]?.[l] ?? s(d.kind);

registerNotificationTemplates({
  'enforcement.violation_confirmed': {
    en: (d) => ({ title: `Violation confirmed: ${s(d.rule).replace(/_/g, ' ')}`, body: `${s(d.summary)} ${s(d.points, '0')} penalty point(s), counted until ${s(d.pointsExpireAt).slice(0, 10)}. You may appeal.` }),
    'zh-CN': (d) => ({ title: `违规已确认：${s(d.rule)}`, body: `${s(d.summary)} 扣 ${s(d.points, '0')} 分，有效期至 ${s(d.pointsExpireAt).slice(0, 10)}。您可以申诉。` }),
  },
  'enforcement.sanction_imposed': {
    en: (d) => ({ title: `Sanction: ${sanction(d, 'en')}`, body: `${s(d.reason)}${d.rectifyBy ? ` Rectify by ${s(d.rectifyBy).slice(0, 10)}.` : ''}` }),
    'zh-CN': (d) => ({ title: `处罚：${sanction(d, 'zh')}`, body: `${s(d.reason)}${d.rectifyBy ? ` 请在 ${s(d.rectifyBy).slice(0, 10)} 前整改。` : ''}` }),
  },
  'enforcement.sanction_lifted': {
    en: (d) => ({ title: `Sanction lifted: ${sanction(d, 'en')}`, body: s(d.reason) }),
    'zh-CN': (d) => ({ title: `处罚已解除：${sanction(d, 'zh')}`, body: s(d.reason) }),
  },
  'enforcement.appeal_decided': {
    en: (d) => ({ title: d.decision === 'uphold' ? 'Your appeal was upheld' : 'Your appeal was rejected', body: s(d.reason) }),
    'zh-CN': (d) => ({ title: d.decision === 'uphold' ? '您的申诉已被支持' : '您的申诉被驳回', body: s(d.reason) }),
  },
  'enforcement.appeal_submitted': {
    en: () => ({ title: 'An appeal waits for a decision', body: 'A seller appealed a violation or a sanction.' }),
    'zh-CN': () => ({ title: '有申诉待处理', body: '一位卖家对违规或处罚提出了申诉。' }),
  },
  'enforcement.violations_queued': {
    en: (d) => ({ title: `${s(d.count, '1')} violation(s) to review`, body: 'Detectors proposed violations that wait for a compliance officer.' }),
    'zh-CN': (d) => ({ title: `${s(d.count, '1')} 条违规待审核`, body: '检测规则发现了待合规人员确认的违规。' }),
  },
  'enforcement.not_rectified': {
    en: () => ({ title: 'A warning was not rectified', body: 'New violations were confirmed before the deadline to rectify.' }),
    'zh-CN': () => ({ title: '警告未整改', body: '整改期限内又有新的违规被确认。' }),
  },
  'enforcement.orders_awaiting_reassignment': {
    en: (d) => ({ title: 'Orders of a banned seller to re-source', body: `${s(d.orders, 'Some')} open order(s) wait for another seller.` }),
    'zh-CN': (d) => ({ title: '被封禁卖家的订单待转派', body: `${s(d.orders, '若干')} 个未完成订单等待转给其他卖家。` }),
  },
});
