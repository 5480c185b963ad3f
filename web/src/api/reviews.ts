import { api } from './client';

const e = encodeURIComponent;

export type ReviewStatus = 'published' | 'held' | 'removed';

export interface Review {
  id: string;
  orderId: string;
  sellerId: string;
  source: string;
  overall: number;
  itemAsDescribed: number | null;
  communication: number | null;
  shippingSpeed: number | null;
  title: string;
  text: string;
  status: ReviewStatus | string;
  negative: boolean;
  reply: { text: string; at: string | null; status: ReviewStatus | string } | null;
  /** For staff and the review's author: the terms that held it and the moderator's reason. */
  moderation?: { heldTerms: string[]; reason: string | null };
  createdAt: string;
}

export interface RatingSummary {
  count: number;
  average: number | null;
  negative: number;
  stars: Record<string, number>;
  itemAsDescribed: number | null;
  communication: number | null;
  shippingSpeed: number | null;
}

export interface ReviewInput {
  overall: number;
  itemAsDescribed: number;
  communication: number;
  shippingSpeed: number;
  title: string;
  text: string;
}

export interface OrderReviewState {
  orderId: string;
  sellerId: string;
  reviewable: boolean;
  reason: 'reviewed' | 'not_delivered' | 'window_closed' | null;
  windowDays: number;
  closesAt: string | null;
  review: Review | null;
}

export interface ReviewList {
  total: number;
  limit: number;
  offset: number;
  reviews: Review[];
}

export interface ReceivedReviews extends ReviewList {
  sellerId: string;
  shopName: string;
  unanswered: number;
}

const bool = (b: boolean | undefined) => (b ? 'true' : undefined);

export const reviewsApi = {
  orderState: (orderId: string) => api.get<OrderReviewState>(`/api/v1/orders/${e(orderId)}/review`),
  submit: (orderId: string, input: ReviewInput) => api.post<Review>(`/api/v1/orders/${e(orderId)}/review`, input),
  reply: (reviewId: string, text: string) => api.post<Review>(`/api/v1/reviews/${e(reviewId)}/reply`, { text }),
  ofSeller: (sellerId: string, q: { negative?: boolean; limit?: number; offset?: number } = {}) =>
    api.get<ReviewList>(`/api/v1/sellers/${e(sellerId)}/reviews`, { negative: bool(q.negative), limit: q.limit, offset: q.offset }),
  received: (sellerId: string, q: { negative?: boolean; unanswered?: boolean; limit?: number; offset?: number } = {}) =>
    api.get<ReceivedReviews>(`/api/v1/sellers/${e(sellerId)}/reviews/received`, {
      negative: bool(q.negative),
      unanswered: bool(q.unanswered),
      limit: q.limit,
      offset: q.offset,
    }),
  held: (q: { limit?: number; offset?: number } = {}) => api.get<{ reviews: Review[] }>('/api/v1/reviews/held', q),
  moderate: (reviewId: string, input: { action: 'publish' | 'remove'; target: 'review' | 'reply'; reason: string }) =>
    api.post<Review>(`/api/v1/reviews/${e(reviewId)}/moderate`, input),
};
