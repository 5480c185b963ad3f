/**
 * The metrics a seller is judged on (DESIGN §4, issue 6). Each is computed as of a date over its own window, with
 * an exact numerator and denominator; the unit is one seller's part of one order (an `orders` row).
 *
 * A definition here is what the scorecard explains and what the policy configures (target, the value that scores
 * zero, window, weight). How it is counted lives beside the SQL in src/modules/evaluation/metrics/, keyed by the same
 * `key`: adding a metric is one definition here and one entry there.
 */

export const DIMENSIONS = ['verification', 'quality', 'fulfilment', 'service', 'compliance', 'improvement'] as const;
export type DimensionKey = (typeof DIMENSIONS)[number];

/**
 * - `rate`: numerator / denominator of units, shrunk toward the platform rate with a Beta prior.
 * - `rating`: mean of 1–5 stars (numerator = sum of stars, denominator = ratings), shrunk the same way on the
 *   rescaled 0–1 scale.
 * - `median`: the median of a duration over the units in the window (value = the median, in hours; denominator = the
 *   units it is the median of; no numerator). Not a proportion, so no Beta prior, no smoothing and no interval.
 * - `count`: a number held now (penalty points, trainings completed); no smoothing.
 * - `state`: a label (verification) scored by a table.
 */
export type MetricKind = 'rate' | 'rating' | 'median' | 'count' | 'state';
export type Direction = 'lower_better' | 'higher_better';

export interface MetricDefaults {
  /** The level a good seller meets: scores `scoreAtTarget` (80 by default). */
  target: number;
  /** The level that scores 0. */
  limit: number;
  windowDays: number;
  /** Relative weight inside the metric's dimension. */
  weight: number;
}

export interface MetricDefinition {
  /** Name in the API, the CLI and the database (snake_case). */
  key: string;
  /** Name in the policy document's `evaluation.metrics` (camelCase). */
  policyKey: string;
  dimension: DimensionKey;
  kind: MetricKind;
  direction: Direction;
  /** The best value there is (0 for a rate to keep low, 1 for one to keep high, 5 stars). */
  best: number;
  numerator: string;
  denominator: string;
  /** Which date of a unit puts it in the window. */
  windowBasis: string;
  /** What else the reader needs to read the number (how it is smoothed or why it is not). */
  note?: string;
  defaults: MetricDefaults;
}

const RATING_DEFAULTS: MetricDefaults = { target: 4.5, limit: 3, windowDays: 365, weight: 1 };

export const METRICS = [
  {
    key: 'late_shipment_rate',
    policyKey: 'lateShipmentRate',
    dimension: 'fulfilment',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'units handed to the carrier after their dispatch deadline (the earliest of the seller’s items’ deadlines)',
    denominator: 'units handed to the carrier',
    windowBasis: 'dispatch deadline',
    defaults: { target: 0.04, limit: 0.2, windowDays: 30, weight: 3 },
  },
  {
    key: 'valid_tracking_rate',
    policyKey: 'validTrackingRate',
    dimension: 'fulfilment',
    kind: 'rate',
    direction: 'higher_better',
    best: 1,
    numerator: 'dispatched units whose tracking got a carrier scan or that reached the warehouse (for sources without scans: the buyer)',
    denominator: 'dispatched units, leaving out those still within the no-scan grace period without a scan',
    windowBasis: 'dispatch',
    defaults: { target: 0.95, limit: 0.75, windowDays: 30, weight: 2 },
  },
  {
    key: 'seller_cancellation_rate',
    policyKey: 'cancellationRate',
    dimension: 'fulfilment',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'units cancelled through the seller’s fault (no stock, no answer, no dispatch)',
    denominator: 'units paid',
    windowBasis: 'payment',
    defaults: { target: 0.025, limit: 0.15, windowDays: 30, weight: 2 },
  },
  {
    key: 'late_delivery_rate',
    policyKey: 'lateDeliveryRate',
    dimension: 'fulfilment',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'delivered units whose delivery day (calendar day in the order source’s time zone) is after the estimated delivery day',
    denominator: 'delivered units with an estimated delivery day',
    windowBasis: 'delivery',
    defaults: { target: 0.1, limit: 0.4, windowDays: 30, weight: 2 },
  },
  {
    key: 'shipping_speed_rating',
    policyKey: 'shippingSpeedRating',
    dimension: 'fulfilment',
    kind: 'rating',
    direction: 'higher_better',
    best: 5,
    numerator: 'sum of the shipping-speed stars',
    denominator: 'reviews with a shipping-speed rating',
    windowBasis: 'review creation',
    defaults: RATING_DEFAULTS,
  },
  {
    key: 'negative_review_rate',
    policyKey: 'negativeReviewRate',
    dimension: 'quality',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'reviews scored 1 or 2',
    denominator: 'reviews (a review of an order counts for every seller in it)',
    windowBasis: 'review creation',
    defaults: { target: 0.05, limit: 0.3, windowDays: 90, weight: 3 },
  },
  {
    key: 'average_rating',
    policyKey: 'averageRating',
    dimension: 'quality',
    kind: 'rating',
    direction: 'higher_better',
    best: 5,
    numerator: 'sum of the overall stars',
    denominator: 'reviews',
    windowBasis: 'review creation',
    defaults: { ...RATING_DEFAULTS, weight: 2 },
  },
  {
    key: 'item_as_described_rating',
    policyKey: 'itemAsDescribedRating',
    dimension: 'quality',
    kind: 'rating',
    direction: 'higher_better',
    best: 5,
    numerator: 'sum of the item-as-described stars',
    denominator: 'reviews with an item-as-described rating',
    windowBasis: 'review creation',
    defaults: { ...RATING_DEFAULTS, weight: 2 },
  },
  {
    key: 'order_defect_rate',
    policyKey: 'orderDefectRate',
    dimension: 'service',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'units with a defect by the as-of date: a negative review (1–2 stars), a dispute lost or a chargeback',
    denominator: 'units paid',
    windowBasis: 'payment',
    defaults: { target: 0.01, limit: 0.1, windowDays: 60, weight: 3 },
  },
  {
    key: 'communication_rating',
    policyKey: 'communicationRating',
    dimension: 'service',
    kind: 'rating',
    direction: 'higher_better',
    best: 5,
    numerator: 'sum of the communication stars',
    denominator: 'reviews with a communication rating',
    windowBasis: 'review creation',
    defaults: RATING_DEFAULTS,
  },
  {
    key: 'qc_failure_rate',
    policyKey: 'qcFailureRate',
    dimension: 'quality',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'units whose items failed the warehouse’s quality control',
    denominator: 'units inspected',
    windowBasis: 'inspection',
    defaults: { target: 0.02, limit: 0.15, windowDays: 90, weight: 3 },
  },
  {
    key: 'dispute_rate',
    policyKey: 'disputeRate',
    dimension: 'service',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'delivered units on which the buyer opened a dispute',
    denominator: 'delivered units',
    windowBasis: 'delivery',
    defaults: { target: 0.02, limit: 0.15, windowDays: 90, weight: 2 },
  },
  {
    key: 'disputes_lost_rate',
    policyKey: 'disputesLostRate',
    dimension: 'service',
    kind: 'rate',
    direction: 'lower_better',
    best: 0,
    numerator: 'disputes decided for the buyer (won or partly won)',
    denominator: 'disputes decided (withdrawn ones left out)',
    windowBasis: 'decision',
    defaults: { target: 0.3, limit: 0.8, windowDays: 180, weight: 2 },
  },
  {
    key: 'on_time_response_rate',
    policyKey: 'onTimeResponseRate',
    dimension: 'service',
    kind: 'rate',
    direction: 'higher_better',
    best: 1,
    numerator: 'QC-failure and dispute requests the seller answered by the deadline',
    denominator: 'requests answered or past their deadline',
    windowBasis: 'request',
    defaults: { target: 0.95, limit: 0.7, windowDays: 90, weight: 2 },
  },
  {
    key: 'median_first_response_hours',
    policyKey: 'medianFirstResponseHours',
    dimension: 'service',
    kind: 'median',
    direction: 'lower_better',
    best: 0,
    numerator: 'median hours from a QC-failure or dispute request reaching the seller to the seller’s first message or answer in that case round; a request left unanswered past its deadline counts with the hours it has waited by the as-of end',
    denominator: 'requests (case rounds) made in the window that the seller answered by the as-of end or whose answer deadline had passed by then (requests still within their deadline and unanswered are left out)',
    windowBasis: 'request',
    note: 'A median of hours, not a proportion: the value is the median itself (the middle request’s time, or the mean of the two middle ones), the count is the number of requests; no platform prior, smoothing or interval applies, so a seller with few requests is scored on them as they are.',
    defaults: { target: 24, limit: 72, windowDays: 90, weight: 1 },
  },
  {
    key: 'resolved_without_mediation_rate',
    policyKey: 'resolvedWithoutMediationRate',
    dimension: 'service',
    kind: 'rate',
    direction: 'higher_better',
    best: 1,
    numerator: 'cases resolved by agreement, without support’s mediation',
    denominator: 'cases resolved',
    windowBasis: 'resolution',
    defaults: { target: 0.8, limit: 0.4, windowDays: 180, weight: 1 },
  },
  {
    key: 'active_penalty_points',
    policyKey: 'activePenaltyPoints',
    dimension: 'compliance',
    kind: 'count',
    direction: 'lower_better',
    best: 0,
    numerator: 'penalty points not yet expired',
    denominator: '—',
    windowBasis: 'points in force on the as-of date',
    defaults: { target: 0, limit: 15, windowDays: 365, weight: 1 },
  },
  {
    key: 'verification',
    policyKey: 'verification',
    dimension: 'verification',
    kind: 'state',
    direction: 'higher_better',
    best: 1,
    numerator: 'verified (1), being re-verified (0.5), not verified (0)',
    denominator: '—',
    windowBasis: 'current verification state',
    defaults: { target: 1, limit: 0, windowDays: 365, weight: 1 },
  },
  {
    key: 'training_completed',
    policyKey: 'trainingCompleted',
    dimension: 'improvement',
    kind: 'count',
    direction: 'higher_better',
    best: 3,
    numerator: 'training modules completed',
    denominator: '—',
    windowBasis: 'completion',
    defaults: { target: 2, limit: 0, windowDays: 365, weight: 1 },
  },
] as const satisfies readonly MetricDefinition[];

export type MetricKey = (typeof METRICS)[number]['key'];
export type MetricPolicyKey = (typeof METRICS)[number]['policyKey'];

export const METRIC_KEYS: MetricKey[] = METRICS.map((m) => m.key);
const byKey = new Map<string, MetricDefinition>(METRICS.map((m) => [m.key, m]));

export function metricDefinition(key: string): MetricDefinition {
  const d = byKey.get(key);
  if (!d) throw new Error(`unknown metric ${key}`);
  return d;
}

export function isMetricKey(key: string): key is MetricKey {
  return byKey.has(key);
}

/** Metrics shrunk with a Beta prior (they have a numerator and a denominator of units). */
export function isSmoothed(def: Pick<MetricDefinition, 'kind'>): boolean {
  return def.kind === 'rate' || def.kind === 'rating';
}
