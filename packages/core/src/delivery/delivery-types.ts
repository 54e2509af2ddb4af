import type { ActivityHours, DeliveryActivity } from '../schema/delivery.js';
import type { ActivityStatus, DeliveryMethod, HoursRole } from './code-lists.js';

/** The time one person gave to an activity. */
export interface ActivityHoursInput {
  role: HoursRole;
  /** The social worker (required for `social_worker`, absent otherwise). */
  workerId?: number | null;
  /** 1 to 1440. */
  minutes: number;
}

/** An activity delivered under a contract, recorded by the undertaking organization (§6.6). */
export interface RecordActivityInput {
  contractId: number;
  /** Where it took place: one of the communities the project serves. */
  communityId: number;
  /** Published: no personal data. */
  title: string;
  /** One of the project's methods. */
  method: DeliveryMethod;
  /** Within the contract's delivery, never after today. */
  heldOn: string;
  /** A public place (an activity room, a square), never a home address. Published. */
  place: string;
  /** Residents who took part, counted, never named. */
  participantCount: number;
  /** At least one row; one row per social worker. */
  hours: readonly ActivityHoursInput[];
}

/** The community confirms an activity took place as recorded. */
export interface ConfirmActivityInput {
  activityId: number;
  /** The day of the confirmation: defaults to today, never after it nor before the activity. */
  on?: string | null;
  /** The version the caller read, when it says which. */
  expectedVersion?: number | null;
}

/** The community disputes an activity, saying why (internal: never published, §6.8). */
export interface DisputeActivityInput extends ConfirmActivityInput {
  reason: string;
}

/** An activity as recorded, with its hours. */
export interface RecordedActivity {
  activity: DeliveryActivity;
  hours: ActivityHours[];
}

/** What was delivered under a contract, added up (§6.8 discloses counts, never names). */
export interface DeliveryTotals {
  contractId: number;
  activities: number;
  byStatus: Record<ActivityStatus, number>;
  participants: number;
  /** Minutes by who gave them. */
  minutes: Record<HoursRole, number>;
  totalMinutes: number;
}
