import { useEffect, useRef } from 'react';

/**
 * Calls `refresh` every `ms` while the page is visible, and once as soon as it becomes visible again. Pages
 * that follow something live (an order's timeline, a case) use it so they update without a reload.
 */
export function usePolling(refresh: () => unknown, ms: number, enabled = true) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!enabled) return;
    let busy = false;
    const tick = async () => {
      if (busy || document.visibilityState === 'hidden') return;
      busy = true;
      try {
        await latest.current();
      } finally {
        busy = false;
      }
    };
    const timer = window.setInterval(() => void tick(), ms);
    const onVisible = () => document.visibilityState === 'visible' && void tick();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ms, enabled]);
}
