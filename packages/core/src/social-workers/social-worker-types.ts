import type {
  CertificateRegistration,
  SocialWorkCertificate,
  SocialWorker,
} from '../schema/social-workers.js';
import type { SocialWorkerLevel } from './code-lists.js';

export interface RegisterWorkerInput {
  name: string;
  /** 18 characters (a lower-case x is accepted), or a legacy 15-digit number, stored upgraded to 18. */
  residentId: string;
  mobilePhone?: string | null;
}

export interface UpdateWorkerInput {
  id: number;
  /** When given, the change applies only if the worker is still at this version. */
  expectedVersion?: number | null;
  name?: string;
  /** A new number; null removes it; absent leaves it. */
  mobilePhone?: string | null;
}

/** What `updateWorker` may change: the name, and the mobile number's stored columns. */
export type WorkerChanges = Partial<
  Pick<SocialWorker, 'name' | 'mobilePhoneEncrypted' | 'mobilePhoneHash' | 'mobilePhoneMasked'>
>;

export interface AddCertificateInput {
  workerId: number;
  level: SocialWorkerLevel;
  /** 4 to 32 letters, digits and hyphens; stored upper-cased. */
  certificateNumber: string;
  /** The day the examination (or the review, for senior) was passed; not in the future. */
  passedOn: string;
}

export interface RegisterCertificateInput {
  certificateId: number;
  /** The day of the registration; defaults to today, never in the future. */
  registeredOn?: string | null;
}

export type RenewRegistrationInput = RegisterCertificateInput;

export interface RecordContinuingEducationInput {
  workerId: number;
  /** More than 0, at most 200, with at most one decimal. */
  hours: number;
  /** Not in the future. */
  completedOn: string;
  provider: string;
  course: string;
}

export interface StartPostInput {
  workerId: number;
  /** Exactly one of organizationId and communityId: the employer. */
  organizationId?: number | null;
  communityId?: number | null;
  title: string;
  fullTime: boolean;
  /** The first day; defaults to today. */
  startsOn?: string | null;
  /** The last day, when known. */
  endsOn?: string | null;
}

export interface EndPostInput {
  postId: number;
  /** The last day of the post. */
  endsOn: string;
  expectedVersion?: number | null;
}

export interface CertificateWithRegistrations extends SocialWorkCertificate {
  level: SocialWorkerLevel;
  /** Oldest first. */
  registrations: CertificateRegistration[];
}

/** A worker's certificates and their registrations: what `isCertifiedOn` reads. */
export interface WorkerCertification {
  workerId: number;
  certificates: CertificateWithRegistrations[];
}
