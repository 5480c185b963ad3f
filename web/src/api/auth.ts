import { api, request } from './client';
import type { Locale, Session, User } from './types';

export const authApi = {
  me: () => request<Session>('GET', '/api/v1/auth/me', { quiet401: true }),
  login: (email: string, password: string) =>
    request<Session & { expiresAt: string }>('POST', '/api/v1/auth/login', { json: { email, password }, quiet401: true }),
  logout: () => api.post<void>('/api/v1/auth/logout'),
  register: (input: { email: string; name: string; password: string; role: 'buyer' | 'seller'; locale?: Locale }) =>
    api.post<User>('/api/v1/auth/register', input),
  setLocale: (locale: Locale) => api.patch<User>('/api/v1/auth/me', { locale }),
};
