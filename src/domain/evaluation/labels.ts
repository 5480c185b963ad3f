import type { DimensionKey, MetricKey } from './metrics.js';
import type { Tier } from './scoring.js';

/** Names shown with a scorecard, in the reader's language (sellers read Chinese, staff either). */
export type Locale = 'en' | 'zh-CN';

const METRIC_LABELS: Record<MetricKey, Record<Locale, string>> = {
  late_shipment_rate: { en: 'Late shipment rate', 'zh-CN': '延迟发货率' },
  valid_tracking_rate: { en: 'Valid tracking rate', 'zh-CN': '有效物流跟踪率' },
  seller_cancellation_rate: { en: 'Seller-fault cancellation rate', 'zh-CN': '卖家责任取消率' },
  late_delivery_rate: { en: 'Late delivery rate', 'zh-CN': '延迟送达率' },
  shipping_speed_rating: { en: 'Shipping speed rating', 'zh-CN': '发货速度评分' },
  negative_review_rate: { en: 'Negative review rate', 'zh-CN': '差评率' },
  average_rating: { en: 'Average rating', 'zh-CN': '平均评分' },
  item_as_described_rating: { en: 'Item as described rating', 'zh-CN': '描述相符评分' },
  order_defect_rate: { en: 'Order defect rate', 'zh-CN': '订单缺陷率' },
  communication_rating: { en: 'Communication rating', 'zh-CN': '沟通评分' },
  qc_failure_rate: { en: 'QC failure rate', 'zh-CN': '质检不合格率' },
  dispute_rate: { en: 'Dispute rate', 'zh-CN': '纠纷率' },
  disputes_lost_rate: { en: 'Disputes lost', 'zh-CN': '纠纷败诉率' },
  on_time_response_rate: { en: 'On-time response rate', 'zh-CN': '按时响应率' },
  median_first_response_hours: { en: 'Median first-response time (hours)', 'zh-CN': '首次响应时间中位数（小时）' },
  resolved_without_mediation_rate: { en: 'Resolved without mediation', 'zh-CN': '无需平台介入解决率' },
  active_penalty_points: { en: 'Active penalty points', 'zh-CN': '有效违规扣分' },
  verification: { en: 'Verification', 'zh-CN': '资质认证' },
  training_completed: { en: 'Training completed', 'zh-CN': '已完成培训' },
};

const DIMENSION_LABELS: Record<DimensionKey, Record<Locale, string>> = {
  verification: { en: 'Verification', 'zh-CN': '资质认证' },
  quality: { en: 'Product quality and authenticity', 'zh-CN': '商品质量与正品保障' },
  fulfilment: { en: 'Fulfilment and shipping', 'zh-CN': '履约与物流' },
  service: { en: 'Customer service and communication', 'zh-CN': '客户服务与沟通' },
  compliance: { en: 'Policy compliance', 'zh-CN': '规则遵守' },
  improvement: { en: 'Continuous improvement', 'zh-CN': '持续改进' },
};

const TIER_LABELS: Record<Tier, Record<Locale, string>> = {
  trusted: { en: 'Trusted', 'zh-CN': '可信卖家' },
  good: { en: 'Good', 'zh-CN': '良好' },
  fair: { en: 'Fair', 'zh-CN': '一般' },
  at_risk: { en: 'At risk', 'zh-CN': '有风险' },
};

export const metricLabel = (key: MetricKey, locale: Locale) => METRIC_LABELS[key][locale];
export const dimensionLabel = (key: DimensionKey, locale: Locale) => DIMENSION_LABELS[key][locale];
export const tierLabel = (tier: Tier, locale: Locale) => TIER_LABELS[tier][locale];
