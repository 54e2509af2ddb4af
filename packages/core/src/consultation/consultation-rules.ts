import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import type { OutcomeState, ParticipantKind } from './code-lists.js';
import { outcomeLifecycle, outcomeStateOf } from './outcome-lifecycle.js';

/**
 * The rules of consultation (协商议事, docs/domain.md §8): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The service loads and locks what these read.
 */

/** How an outcome was voted. */
export interface Votes {
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
}

/** The votes cast on an outcome: for, against and abstaining (an abstention is cast, and not for). */
export function votesCast(votes: Votes): number {
  return votes.votesFor + votes.votesAgainst + votes.abstentions;
}

/**
 * Whether a vote adopts an outcome: more votes for than half of the votes cast (过半数).
 *
 * The statute sets this rule for the residents' assembly only (《中华人民共和国城市居民委员会组织法》
 * 第十条: 会议的决定，由出席人的过半数通过). A consultation meeting (议事会, 听证会, 恳谈会) is not that
 * assembly: its procedure is the community's own 议事规则 under 中共中央办公厅、国务院办公厅《关于加强
 * 城乡社区协商的意见》(2015), and the rules communities publish adopt the assembly's simple majority
 * by analogy. It is local practice, not national law, so a community with another threshold is
 * not described by this rule. Abstentions count as cast and not in favour, as "出席人的过半数"
 * counts everyone present; a vote with nothing cast adopts nothing.
 */
export function outcomeAdoption(votes: Votes): Extract<OutcomeState, 'adopted' | 'not_adopted'> {
  return votes.votesFor * 2 > votesCast(votes) ? 'adopted' : 'not_adopted';
}

/**
 * The votes cast on an outcome cannot exceed the people present (the headcounts of every kind of
 * participant), and at least one is cast: an outcome is what a meeting voted.
 *
 * @throws {SansheError} VALIDATION_FAILED at `path`, with the figures
 */
export function requireVotesWithinAttendance(votes: Votes, attendance: number, path: FieldPath): void {
  const cast = votesCast(votes);
  if (cast === 0) {
    throw new SansheError('VALIDATION_FAILED', 'An outcome is voted: at least one vote is cast.', {
      path,
      details: { votesCast: cast },
    });
  }
  if (cast > attendance) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `${cast} votes were cast but ${attendance} people took part in the meeting.`,
      { path, details: { votesCast: cast, attendance } },
    );
  }
}

/**
 * A residents' consultation (居民协商) is the residents' own: the 2015 opinion
 * (《关于加强城乡社区协商的意见》) names residents first among those who consult, and a meeting of
 * the committee, departments and companies without them is an office meeting, not 协商议事. So
 * the residents' representatives (居民代表) take part in every meeting recorded here.
 *
 * @throws {SansheError} VALIDATION_FAILED at `path` (the participants list)
 */
export function requireResidentsRepresented(
  participants: readonly { kind: ParticipantKind }[],
  path: FieldPath,
): void {
  if (participants.some((participant) => participant.kind === 'residents_representative')) return;
  throw new SansheError(
    'VALIDATION_FAILED',
    "A residents' consultation meeting has residents' representatives (居民代表) among its participants.",
    { path, details: { required: 'residents_representative' } },
  );
}

/** A task as the follow-up rules read it. */
export interface TaskProgress {
  id: number;
  doneOn: string | null;
}

/** The tasks not yet done, by id. */
export function openTaskIds(tasks: readonly TaskProgress[]): number[] {
  return tasks.filter((task) => task.doneOn === null).map((task) => task.id);
}

/** The day the last task was done (null when none is). */
export function lastDoneOn(tasks: readonly TaskProgress[]): string | null {
  let last: string | null = null;
  for (const task of tasks)
    if (task.doneOn !== null && (last === null || task.doneOn > last)) last = task.doneOn;
  return last;
}

/**
 * An adopted outcome is implemented (已落实) when it has at least one task and every task is done:
 * an outcome nobody was charged with carrying out is not implemented by saying so. Its state
 * after, or the refusal.
 *
 * @throws {SansheError} STATUS_NOT_ALLOWED (not adopted, or implemented already);
 *   OUTCOME_TASKS_OPEN with the open task ids (none yet, or some not done)
 */
export function implementation(
  outcome: { id: number; state: string },
  tasks: readonly TaskProgress[],
  path: FieldPath,
): OutcomeState {
  const next = outcomeLifecycle.next(outcomeStateOf(outcome), 'implement', path, `Outcome ${outcome.id}`);
  const open = openTaskIds(tasks);
  if (tasks.length === 0 || open.length > 0) {
    throw new SansheError(
      'OUTCOME_TASKS_OPEN',
      tasks.length === 0
        ? `Outcome ${outcome.id} has no task yet: add the tasks that carry it out first.`
        : `Outcome ${outcome.id} has ${open.length} of ${tasks.length} tasks not done (${open.join(', ')}).`,
      { path, details: { openTaskIds: open, tasks: tasks.length } },
    );
  }
  return next;
}

/**
 * An outcome is reported back to the residents (结果反馈) once it is implemented, and once only.
 * Before, what is open is named: the tasks not yet done.
 *
 * @throws {SansheError} OUTCOME_TASKS_OPEN (adopted, not implemented); STATUS_NOT_ALLOWED (not
 *   adopted, or reported back already)
 */
export function reportingBack(
  outcome: { id: number; state: string },
  tasks: readonly TaskProgress[],
  path: FieldPath,
): OutcomeState {
  const state = outcomeStateOf(outcome);
  if (state === 'adopted') {
    const open = openTaskIds(tasks);
    throw new SansheError(
      'OUTCOME_TASKS_OPEN',
      `Outcome ${outcome.id} is not implemented yet${open.length > 0 ? ` (${open.length} of ${tasks.length} tasks not done)` : ''}: it is reported back once implemented.`,
      { path, details: { state, openTaskIds: open, tasks: tasks.length } },
    );
  }
  return outcomeLifecycle.next(state, 'reportBack', path, `Outcome ${outcome.id}`);
}

/** A task is overdue on `today` when it is not done and its due day has passed. */
export function isOverdue(task: { doneOn: string | null; dueOn: string }, today: string): boolean {
  return task.doneOn === null && task.dueOn < today;
}

/**
 * A day that follows another in the record (a task done after its meeting, an outcome
 * implemented after its last task) is not before it.
 *
 * @throws {SansheError} INVALID_DATE_RANGE
 */
export function requireNotBefore(day: string, earliest: string, path: FieldPath, what: string): void {
  if (day < earliest) {
    throw new SansheError('INVALID_DATE_RANGE', `${day} lies before ${what} (${earliest}).`, {
      path,
      details: { earliest },
    });
  }
}
