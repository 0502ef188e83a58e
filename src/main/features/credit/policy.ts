// Where the desk reads the credit settings: the admin's stored values, else the defaults (DESIGN.md's
// authority policy, 4 working hours per hold reason, the office calendar, the standard rejection reasons,
// notifications on). The authority evaluation itself is in src/shared/credit/authority.ts, so the phone order
// desk's preview and the credit desk give the same answer; both read the policy through readAuthorityPolicy.
import type Database from 'better-sqlite3';
import { completePolicy, defaultAuthorityPolicy, type AuthorityPolicy } from '../../../shared/credit/authority';
import {
  HOLD_NOTIFICATIONS_SETTING,
  REJECTION_REASONS_SETTING,
  SLA_CALENDAR_SETTING,
  SLA_TARGETS_SETTING,
  defaultHoldNotificationSetting,
  defaultRejectionReasons,
  defaultSlaTargets,
  defaultWorkingCalendar,
  holdNotificationSettingSchema,
  rejectionReasonsSchema,
  slaTargetsSchema,
  workingCalendarSchema,
} from '../../../shared/credit/holds';
import type { CreditSettingsView } from '../../../shared/api/features/credit';
import type { z } from 'zod';

export const AUTHORITY_POLICY_SETTING = 'credit.authorityPolicy';

function stored(sqlite: Database.Database, key: string): unknown {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** The authority policy in force: the admin's (missing fields from an older build take the defaults). */
export function readAuthorityPolicy(sqlite: Database.Database): AuthorityPolicy {
  const value = stored(sqlite, AUTHORITY_POLICY_SETTING);
  return value === undefined ? defaultAuthorityPolicy : completePolicy(value);
}

/** A stored value that no longer validates (hand-edited, older build) falls back to the default, never throws. */
function valid<S extends z.ZodType>(schema: S, value: unknown, fallback: z.output<S>): z.output<S> {
  if (value === undefined) return fallback;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function readCreditSettings(sqlite: Database.Database): CreditSettingsView {
  return {
    policy: readAuthorityPolicy(sqlite),
    slaTargets: valid(slaTargetsSchema, stored(sqlite, SLA_TARGETS_SETTING), defaultSlaTargets),
    calendar: valid(workingCalendarSchema, stored(sqlite, SLA_CALENDAR_SETTING), {
      ...defaultWorkingCalendar,
      days: [...defaultWorkingCalendar.days],
    }),
    rejectionReasons: valid(rejectionReasonsSchema, stored(sqlite, REJECTION_REASONS_SETTING), defaultRejectionReasons),
    notifications: valid(holdNotificationSettingSchema, stored(sqlite, HOLD_NOTIFICATIONS_SETTING), defaultHoldNotificationSetting),
  };
}

export const creditSettingKeys = {
  policy: AUTHORITY_POLICY_SETTING,
  slaTargets: SLA_TARGETS_SETTING,
  calendar: SLA_CALENDAR_SETTING,
  rejectionReasons: REJECTION_REASONS_SETTING,
  notifications: HOLD_NOTIFICATIONS_SETTING,
} as const satisfies Record<keyof CreditSettingsView, string>;
