import type { Role } from './roles.js';

/**
 * Who asks: for a change, or to read. The gateway builds one from the caller's verified token;
 * an embedding application builds its own. Core checks every write against it (see
 * {@link authorizeWrite}) and narrows reads to what it may see (see `visibility.ts`); every
 * audited write records it.
 *
 * The jurisdiction fields say where the caller works. Which of them a role needs is in
 * `permissions.ts`: a district admin needs `district`, a community worker `community`, an
 * organization's staff `organizationId`, a department's staff `departmentId`, and so on. A field a role needs but the actor lacks
 * grants nothing.
 */
export interface Actor {
  /** A stable subject: a user id, or a service's name. */
  id: string;
  /**
   * The caller's role (docs/architecture.md §4). `SYSTEM`, or no role at all, is the embedding
   * program itself (migrations, the demo seed, batch jobs) and may do everything: give every
   * end user a role.
   */
  role?: Role | 'SYSTEM' | undefined;
  /** 6-digit district code. */
  district?: string | null | undefined;
  /** 9-digit subdistrict code. */
  subdistrict?: string | null | undefined;
  /** 12-digit community code. */
  community?: string | null | undefined;
  /** ORG_STAFF: the local id of the caller's organization in `district`. */
  organizationId?: number | null | undefined;
  /** SOCIAL_WORKER: the caller's own local worker id in `district`. */
  workerId?: number | null | undefined;
  /** VOLUNTEER: the caller's own local volunteer id in `district`. */
  volunteerId?: number | null | undefined;
  /**
   * DEPARTMENT_STAFF: the local id of the caller's department in `district` (grid events routed
   * to it, summonses naming it). Bureau staff without one act on no event.
   */
  departmentId?: number | null | undefined;
}

/** The actor of writes made by sanshe itself or by an embedding program that names none. */
export const systemActor: Actor = Object.freeze({ id: 'system', role: 'SYSTEM' });
