import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { notificationsApi } from '../api/notifications';
import type { Notification } from '../api/types';
import { formatDateTime } from '../lib/format';

const POLL_MS = 60_000;

/** The bell in the top bar. Hidden when the server has no notifications API. */
export function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [available, setAvailable] = useState(true);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const page = await notificationsApi.list({ limit: 20 });
      setItems(page.items);
      setUnread(page.unreadCount);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 405)) setAvailable(false);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
    // Titles are rendered by the server in the reader's language: reload when it changes.
  }, [load, i18n.language]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);

  if (!available) return null;

  const markAll = async () => {
    try {
      const res = await notificationsApi.markAllRead();
      setUnread(res.unreadCount);
      setItems((list) => (list ?? []).map((x) => (x.readAt ? x : { ...x, readAt: new Date().toISOString() })));
    } catch {
      // best effort
    }
  };

  const openItem = async (n: Notification) => {
    if (!n.readAt) {
      try {
        const res = await notificationsApi.markRead(n.id);
        setItems((list) => (list ?? []).map((x) => (x.id === n.id ? { ...x, readAt: res.readAt ?? new Date().toISOString() } : x)));
        setUnread(res.unreadCount);
      } catch {
        // marking read is best effort
      }
    }
    if (n.link && n.link.startsWith('/') && !n.link.startsWith('//')) {
      setOpen(false);
      navigate(n.link);
    } else if (n.link && /^https?:\/\//.test(n.link)) {
      window.open(n.link, '_blank', 'noopener');
    }
  };

  return (
    <div className="bell" ref={ref}>
      <button
        type="button"
        className="icon-button topbar-icon"
        aria-label={unread ? t('notifications.labelUnread', { count: unread }) : t('notifications.label')}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="notifications-bell"
      >
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.5L4.5 15v1.5h15V15L18 12.5V9a6 6 0 0 0-6-6zm-2 15.5a2 2 0 0 0 4 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.7"
            strokeLinejoin="round"
          />
        </svg>
        {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="region" aria-label={t('notifications.label')}>
          <div className="bell-head">
            <span>{t('notifications.title')}</span>
            {unread > 0 && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={markAll} data-testid="notifications-read-all">
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {!items || items.length === 0 ? (
            <p className="bell-empty muted">{t('notifications.empty')}</p>
          ) : (
            <ul>
              {items.slice(0, 20).map((n) => (
                <li key={n.id}>
                  <button type="button" className={`bell-item ${n.readAt ? '' : 'unread'}`} onClick={() => openItem(n)}>
                    <span className="bell-item-title">{n.title}</span>
                    {n.body && <span className="bell-item-body">{n.body}</span>}
                    <time className="muted">{formatDateTime(n.createdAt)}</time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
