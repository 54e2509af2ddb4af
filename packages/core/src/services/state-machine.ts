import type { WriteAction } from '../access/permissions.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';

/**
 * The one way sanshe declares what a record's status may become: its states, the events that
 * move it, from which states each event may be taken, the state it leads to, and the write
 * permission (access/permissions.ts) whoever takes it needs. A status column holds one of the
 * states; a service asks the machine before it writes, and the machine refuses anything else
 * with the machine's own typed code, naming the state it is in and what that state allows.
 *
 * Organizations' status and credit procedures use it today; procurement stages and grid events
 * are to follow the same pattern (docs/adding-a-domain-area.md).
 */
export interface TransitionDefinition<S extends string, A extends WriteAction = WriteAction> {
  /** The states the event may be taken from. */
  readonly from: readonly S[];
  /**
   * The state it leads to; omitted for an event that changes a record in place, whatever state
   * of `from` it is in (an escalation, an extension).
   */
  readonly to?: S;
  /** The permission the caller needs to take it (checked with the record's place by the service). */
  readonly action: A;
  /** What the event is, in words, for messages and docs. */
  readonly description: string;
}

export interface StateMachineDefinition<
  S extends string,
  E extends string,
  A extends WriteAction = WriteAction,
> {
  /** The record the machine is about, in words: "organization", "objection". */
  readonly subject: string;
  /** Every state, with its label (Chinese, as the records say). */
  readonly states: Readonly<Record<S, string>>;
  /** The state a new record starts in. */
  readonly initial: S;
  readonly transitions: Readonly<Record<E, TransitionDefinition<S, A>>>;
  /** The code an event taken from a state that does not allow it is refused with. */
  readonly refusalCode: ErrorCode;
}

export interface StateMachine<S extends string, E extends string, A extends WriteAction = WriteAction>
  extends StateMachineDefinition<S, E, A> {
  /** Whether `event` may be taken from `state`. */
  allows(state: S, event: E): boolean;
  /** The events `state` allows. */
  eventsFrom(state: S): E[];
  /**
   * The state `event` leads to from `state`, or the machine's refusal code at `path` (nothing
   * has been written yet: call it before any write).
   *
   * @throws {SansheError} the machine's `refusalCode`, with details `{ state, event, allowed }`
   */
  next(state: S, event: E, path?: FieldPath, what?: string): S;
  /** The permission taking `event` needs. */
  actionOf(event: E): A;
}

/** Declare a state machine; the definition is checked once (every state named exists). */
export function defineStateMachine<
  const S extends string,
  const E extends string,
  const A extends WriteAction,
>(definition: StateMachineDefinition<S, E, A>): StateMachine<S, E, A> {
  const states = Object.keys(definition.states) as S[];
  const events = Object.keys(definition.transitions) as E[];
  for (const event of events) {
    const transition = definition.transitions[event];
    for (const state of [...transition.from, ...(transition.to === undefined ? [] : [transition.to])]) {
      if (!states.includes(state)) {
        throw new Error(`State machine ${definition.subject}: event ${event} names unknown state ${state}.`);
      }
    }
  }
  if (!states.includes(definition.initial)) {
    throw new Error(`State machine ${definition.subject}: unknown initial state ${definition.initial}.`);
  }
  const allows = (state: S, event: E) => definition.transitions[event]?.from.includes(state) ?? false;
  const eventsFrom = (state: S) => events.filter((event) => allows(state, event));
  return Object.freeze({
    ...definition,
    allows,
    eventsFrom,
    next(state: S, event: E, path: FieldPath = [], what = `The ${definition.subject}`): S {
      if (allows(state, event)) return definition.transitions[event].to ?? state;
      const allowed = eventsFrom(state);
      throw new SansheError(
        definition.refusalCode,
        `${what} is ${state} (${definition.states[state] ?? state}): it cannot ${definition.transitions[event]?.description ?? event}${allowed.length > 0 ? `; from here: ${allowed.join(', ')}` : '; nothing follows from here'}.`,
        { path, details: { state, event, allowed } },
      );
    },
    actionOf: (event: E) => definition.transitions[event].action,
  });
}
