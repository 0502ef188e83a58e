// Desktop notifications when a new credit hold arrives (issue 8), mounted once by the Shell for credit
// staff whatever screen is open. Scaffolding: issue 8's owner builds it.
import type { StaffView } from '../../../shared/api/contract';

export function useHoldNotifications(staff: StaffView): void {
  void staff;
}
