/**
 * Who asks for a change. The gateway builds one from the caller's token; an embedding
 * application passes its own. Every audited write records it.
 */
export interface Actor {
  /** A stable subject: a user id, or a service's name. */
  id: string;
  /** The caller's role (see ARCHITECTURE.md §4), when known. */
  role?: string | undefined;
}

/** The actor of writes made by sanshe itself or by an embedding program that names none. */
export const systemActor: Actor = Object.freeze({ id: 'system', role: 'SERVICE' });
