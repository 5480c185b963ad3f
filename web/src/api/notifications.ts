import { api } from './client';
import type { Notification } from './types';

export const notificationsApi = {
  list: (query: { unread?: boolean; limit?: number } = {}) => api.get<{ items: Notification[]; unreadCount: number }>('/api/v1/notifications', query),
  markRead: (id: string) => api.post<Notification & { unreadCount: number }>(`/api/v1/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post<{ updated: number; unreadCount: number }>('/api/v1/notifications/read-all'),
};
