import type { Json } from '../../db/tables/platform.js';
import { registerNotificationTemplates } from '../notifications/index.js';
import { registerEventTypes } from '../webhooks/event-types.js';

/** Wording of the team's e-mails and notifications, and the events it publishes. */

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v.trim() : fallback);
const day = (d: Json) => (typeof d.expiresAt === 'string' ? d.expiresAt.slice(0, 10) : '');

registerNotificationTemplates({
  'seller.member_invited': {
    en: (d) => ({
      title: `Join ${str(d.shopName, 'a shop')} on Arbiter`,
      body: `${str(d.inviterName, 'The shop owner')} invited you to work for ${str(d.shopName, 'their shop')} as staff: orders and cases. The link works once${day(d) ? ` and until ${day(d)}` : ''}.`,
    }),
    'zh-CN': (d) => ({
      title: `加入 Arbiter 上的${str(d.shopName, '店铺')}`,
      body: `${str(d.inviterName, '店主')}邀请您作为员工加入${str(d.shopName, '其店铺')}，处理订单和售后。链接仅可使用一次${day(d) ? `，有效期至 ${day(d)}` : ''}。`,
    }),
  },
  'seller.member_joined': {
    en: (d) => ({ title: `${str(d.memberName, 'A new member')} joined your team`, body: `${str(d.memberName, 'They')} accepted the invitation and can now work for ${str(d.shopName, 'your shop')}.` }),
    'zh-CN': (d) => ({ title: `${str(d.memberName, '新成员')}已加入您的团队`, body: `${str(d.memberName, '对方')}已接受邀请，现在可以为${str(d.shopName, '您的店铺')}工作。` }),
  },
  'seller.member_removed': {
    en: (d) => ({ title: `You were removed from ${str(d.shopName, 'a shop')}`, body: `The owner of ${str(d.shopName, 'the shop')} removed you from its team; you no longer have access to its orders and cases.` }),
    'zh-CN': (d) => ({ title: `您已被移出${str(d.shopName, '店铺')}`, body: `${str(d.shopName, '该店铺')}的店主已将您移出团队，您将无法再访问其订单和售后。` }),
  },
});

registerEventTypes({
  'seller.member_invited': 'A seller owner invited someone by e-mail to join the team as staff.',
  'seller.member_joined': "Someone accepted an invitation and joined a seller's team.",
  'seller.invitation_revoked': 'A seller owner withdrew an open invitation.',
  'seller.member_removed': "A seller owner removed a member of staff from the team.",
  'seller.application_reopened': 'A seller started a new application after a rejection (the revision number is included).',
});
