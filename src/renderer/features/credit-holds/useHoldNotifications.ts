// Desktop notifications when a new credit hold arrives (issue 8), mounted once by the Shell for everyone;
// only credit staff are told. In the web host the renderer uses the browser's Notification API (or an
// in-app notice while the browser's are not allowed). In the Electron shell the main process notifies
// (web permissions are denied there), so the renderer stays silent and nothing is said twice.
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import type { StaffView } from '../../../shared/api/contract';
import { holdNotice, worksHoldQueue, type HoldNotice } from '../../../shared/credit/notifications';
import { useDeskApi, usePushEvent } from '../../api/hooks';

export type DeskNotificationPermission = NotificationPermission | 'unsupported' | 'shell';

/** Whether this window may show desktop notifications itself. */
export function notificationPermission(): DeskNotificationPermission {
  if (window.dealerDesk) return 'shell';
  if (!('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

export async function requestNotificationPermission(): Promise<DeskNotificationPermission> {
  if (notificationPermission() !== 'default') return notificationPermission();
  return Notification.requestPermission();
}

function show(notice: HoldNotice): void {
  if (notificationPermission() === 'granted') {
    const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag });
    shown.onclick = () => {
      window.focus();
      window.location.hash = '/credit-holds';
      shown.close();
    };
    return;
  }
  notifications.show({ title: notice.title, message: notice.body, color: 'orange', autoClose: 10_000 });
}

export function useHoldNotifications(staff: StaffView): void {
  const api = useDeskApi();
  const active = worksHoldQueue(staff.roles) && notificationPermission() !== 'shell';
  const cursor = useRef<number | null>(null);
  const checking = useRef(false);
  const again = useRef(false);

  useEffect(() => {
    cursor.current = null;
    if (!active) return;
    let live = true;
    // Holds already there are in the queue; only later arrivals notify.
    api
      .call('credit.holdArrivals', { after: null })
      .then((r) => {
        if (live) cursor.current = r.cursor;
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, active]);

  const check = (): void => {
    if (cursor.current === null) return;
    if (checking.current) {
      again.current = true;
      return;
    }
    checking.current = true;
    api
      .call('credit.holdArrivals', { after: cursor.current })
      .then((r) => {
        cursor.current = r.cursor;
        const notice = holdNotice(r.arrivals, { enabled: r.enabled, recipientRoles: staff.roles });
        if (notice) show(notice);
      })
      .catch(() => undefined)
      .finally(() => {
        checking.current = false;
        if (again.current) {
          again.current = false;
          check();
        }
      });
  };

  usePushEvent('replica.changed', ({ tables }) => {
    if (active && tables.includes('platform_orders')) check();
  });
}
