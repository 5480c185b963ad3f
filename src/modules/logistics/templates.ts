import type { Json } from '../../db/tables/platform.js';
import { registerNotificationTemplates } from '../notifications/templates.js';

/** Wording of the logistics notifications, in both console languages. */

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : fallback);
const day = (v: unknown): string => (typeof v === 'string' && v.length >= 10 ? v.slice(0, 10) : '');
const reasonLine = (d: Json, zh: boolean) => (typeof d.reason === 'string' && d.reason.trim() ? (zh ? `原因：${d.reason.trim()}` : ` Reason: ${d.reason.trim()}`) : '');

export const LOGISTICS_NOTIFICATIONS = {
  parcelShipped: 'parcel.shipped',
  extensionRequested: 'order.protection_extension_requested',
  protectionExtended: 'order.protection_extended',
  extensionDeclined: 'order.protection_extension_declined',
  orderDelivered: 'order.delivered',
} as const;

registerNotificationTemplates({
  [LOGISTICS_NOTIFICATIONS.parcelShipped]: {
    en: (d) => ({
      title: 'Your parcel is on its way',
      body: `Your parcel left the warehouse with ${str(d.carrierName, 'the carrier')}, tracking number ${str(d.trackingNumber, '')}. Your protection runs until ${day(d.protectionEndsAt)}.`,
    }),
    'zh-CN': (d) => ({
      title: '您的包裹已发出',
      body: `您的包裹已由${str(d.carrierName, '承运商')}从仓库发出，运单号 ${str(d.trackingNumber, '')}。您的保障期至 ${day(d.protectionEndsAt)}。`,
    }),
  },
  [LOGISTICS_NOTIFICATIONS.extensionRequested]: {
    en: (d) => ({
      title: `The buyer asks for ${str(d.days, 'more')} more days of protection`,
      body: `Order ${str(d.externalId, '')} has not arrived yet; the buyer asked to extend the protection period by ${str(d.days, 'some')} days.${reasonLine(d, false)}`,
    }),
    'zh-CN': (d) => ({
      title: `买家申请延长保障期 ${str(d.days, '')} 天`,
      body: `订单 ${str(d.externalId, '')} 尚未送达，买家申请将保障期延长 ${str(d.days, '')} 天。${reasonLine(d, true)}`,
    }),
  },
  [LOGISTICS_NOTIFICATIONS.protectionExtended]: {
    en: (d) => ({
      title: 'Your protection period was extended',
      body: `Protection for order ${str(d.externalId, '')} was extended by ${str(d.days, 'some')} days, until ${day(d.protectionEndsAt)}.${reasonLine(d, false)}`,
    }),
    'zh-CN': (d) => ({
      title: '您的保障期已延长',
      body: `订单 ${str(d.externalId, '')} 的保障期已延长 ${str(d.days, '')} 天，至 ${day(d.protectionEndsAt)}。${reasonLine(d, true)}`,
    }),
  },
  [LOGISTICS_NOTIFICATIONS.extensionDeclined]: {
    en: (d) => ({
      title: 'The seller declined to extend your protection',
      body: `Your request for ${str(d.days, 'more')} more days of protection on order ${str(d.externalId, '')} was declined; protection still runs until ${day(d.protectionEndsAt)}.${reasonLine(d, false)}`,
    }),
    'zh-CN': (d) => ({
      title: '卖家拒绝延长您的保障期',
      body: `您为订单 ${str(d.externalId, '')} 申请延长保障期 ${str(d.days, '')} 天的请求被拒绝；保障期仍至 ${day(d.protectionEndsAt)}。${reasonLine(d, true)}`,
    }),
  },
  [LOGISTICS_NOTIFICATIONS.orderDelivered]: {
    en: (d) => ({
      title: 'Your parcel was delivered',
      body: `The carrier reports your parcel ${str(d.trackingNumber, '')} delivered. Check it; you are protected until ${day(d.protectionEndsAt)}.`,
    }),
    'zh-CN': (d) => ({
      title: '您的包裹已送达',
      body: `承运商显示您的包裹 ${str(d.trackingNumber, '')} 已送达。请检查包裹；您的保障期至 ${day(d.protectionEndsAt)}。`,
    }),
  },
});
