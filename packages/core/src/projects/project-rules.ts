import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { isLocalId } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { parseText } from '../validators/text.js';
import {
  type BudgetLineCategory,
  budgetLineCategories,
  type IndicatorKind,
  indicatorKinds,
  type ProjectMethod,
  projectMethods,
} from './code-lists.js';

/**
 * The rules of service projects (docs/domain.md §6.2): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The service loads and locks what these read.
 */

/** The most lines a budget has (line numbers are a smallint; a budget is read by people). */
export const MAX_BUDGET_LINES = 100;
/** The most indicators a project has. */
export const MAX_INDICATORS = 50;
/** The most needs or communities one write names. */
export const MAX_LINKED_RECORDS = 200;
/**
 * The largest indicator target or value: `numeric(14, 2)` (schema/service-projects.ts) holds
 * 12 digits before the point.
 */
export const MAX_INDICATOR_VALUE = 999_999_999_999.99;

function refuse(code: 'VALIDATION_FAILED' | 'INVALID_NUMBER', message: string, path: FieldPath): never {
  throw new SansheError(code, message, { path });
}

function requireList(value: unknown, path: FieldPath, what: string, max: number): unknown[] {
  if (!Array.isArray(value)) refuse('VALIDATION_FAILED', `${what} must be a list.`, path);
  if (value.length > max) {
    refuse('VALIDATION_FAILED', `${what} must have at most ${max} entries, got ${value.length}.`, path);
  }
  return value;
}

/** Text published with a project (§6.8 四公开): checked, and holding no personal data (§9). */
function publishedText(value: unknown, path: FieldPath, maxLength: number, label: string): string {
  const parsed = parseText(value, { path, maxLength, label });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  const checked = checkPublishedText(parsed.data, { path });
  if (!checked.success) throw SansheError.fromIssue(checked.error);
  return checked.data;
}

/**
 * The professional methods a project uses (§6.2; 民发〔2012〕196号 names casework, group work and
 * community work as the methods of social work services bought): at least one, each known, in
 * code-list order without repeats (schema CHECK `service_projects_methods`).
 *
 * @throws {SansheError} VALIDATION_FAILED (not a list, empty), INVALID_CODE_LIST_VALUE
 */
export function parseMethods(value: unknown, path: FieldPath): ProjectMethod[] {
  const list = requireList(value, path, 'The methods', Object.keys(projectMethods).length * 4);
  if (list.length === 0) {
    refuse(
      'VALIDATION_FAILED',
      `A project uses at least one method: ${Object.keys(projectMethods).join(', ')}.`,
      path,
    );
  }
  const chosen = new Set(
    list.map((method, index) => parseCode(projectMethods, method, [...path, index], 'A method')),
  );
  return (Object.keys(projectMethods) as ProjectMethod[]).filter((method) => chosen.has(method));
}

/**
 * A project's schedule: its last day is on or after its first (schema CHECK
 * `service_projects_schedule`). Both are planned days, so they may lie after today.
 *
 * @throws {SansheError} INVALID_DATE_RANGE
 */
export function requireSchedule(startsOn: string, endsOn: string, path: FieldPath): void {
  if (endsOn >= startsOn) return;
  throw new SansheError(
    'INVALID_DATE_RANGE',
    `The project ends on ${endsOn}, before it starts on ${startsOn}.`,
    {
      path,
      details: { startsOn, endsOn },
    },
  );
}

/** A budget line as parsed, numbered from 1 in the order given. */
export interface BudgetLine {
  lineNumber: number;
  category: BudgetLineCategory;
  description: string;
  amountFen: number;
}

/**
 * An amount of a budget line in integer fen (§6.2: money is integer fen), 0 or more: a line may
 * state a cost another party bears (a venue the community lends) at 0.
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseLineAmountFen(value: unknown, path: FieldPath): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    refuse(
      'INVALID_NUMBER',
      `A budget line's amount is a whole number of fen, 0 or more (at most ${Number.MAX_SAFE_INTEGER}), got ${String(value).slice(0, 32)}.`,
      path,
    );
  }
  return value;
}

/**
 * A project's budget lines (§6.2: numbered lines, personnel, activities, materials, venue,
 * management, evaluation, other), numbered 1..n in the order given, each with its category, a
 * published description and its amount in fen.
 *
 * @throws {SansheError} VALIDATION_FAILED, INVALID_CODE_LIST_VALUE, INVALID_TEXT,
 *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_NUMBER
 */
export function parseBudgetLines(value: unknown, path: FieldPath): BudgetLine[] {
  const list = requireList(value, path, 'The budget lines', MAX_BUDGET_LINES);
  const lines = list.map((entry, index): BudgetLine => {
    const at = [...path, index];
    if (typeof entry !== 'object' || entry === null)
      refuse('VALIDATION_FAILED', 'A budget line is an object.', at);
    const line = entry as Record<string, unknown>;
    return {
      lineNumber: index + 1,
      category: parseCode(budgetLineCategories, line.category, [...at, 'category'], 'The category'),
      description: publishedText(line.description, [...at, 'description'], 200, 'The description'),
      amountFen: parseLineAmountFen(line.amountFen, [...at, 'amountFen']),
    };
  });
  budgetTotal(lines, path);
  return lines;
}

/**
 * The budget: the sum of its lines in fen (§6.2 "whose sum is the approved budgetFen"), exact
 * (never past 2^53).
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function budgetTotal(lines: readonly { amountFen: number }[], path: FieldPath = []): number {
  const total = lines.reduce((sum, line) => sum + line.amountFen, 0);
  if (!Number.isSafeInteger(total)) {
    refuse('INVALID_NUMBER', `The budget lines sum past ${Number.MAX_SAFE_INTEGER} fen.`, path);
  }
  return total;
}

/**
 * The lines sum to the budget (§6.10: "that budget lines sum to the budget" is the services'
 * rule, the database cannot see across rows). The service keeps them equal on every write; this
 * is the check approval makes of what is stored, whoever wrote it.
 *
 * @throws {SansheError} BUDGET_MISMATCH
 */
export function requireBudgetMatches(
  budgetFen: number,
  lines: readonly { amountFen: number }[],
  path: FieldPath,
): void {
  const linesFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
  if (lines.length === 0) {
    throw new SansheError('BUDGET_MISMATCH', 'The budget has no lines: a budget is approved line by line.', {
      path,
      details: { budgetFen, linesFen, lineCount: 0 },
    });
  }
  if (linesFen !== budgetFen) {
    throw new SansheError(
      'BUDGET_MISMATCH',
      `The budget is ${budgetFen} fen but its ${lines.length} lines sum to ${linesFen} fen.`,
      { path, details: { budgetFen, linesFen, lineCount: lines.length } },
    );
  }
}

/**
 * What approval asks of a project (§6.2): a budget of at least one line that sums to it, and at
 * least one indicator (output or outcome) to evaluate it by (民发〔2012〕196号: purchased services
 * are evaluated against their indicators).
 *
 * @throws {SansheError} BUDGET_MISMATCH, VALIDATION_FAILED
 */
export function requireApprovable(
  project: { budgetFen: number; lines: readonly { amountFen: number }[]; indicatorCount: number },
  path: FieldPath,
): void {
  requireBudgetMatches(project.budgetFen, project.lines, path);
  if (project.indicatorCount === 0) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'The project has no indicators: at least one output or outcome indicator is approved with it.',
      { path, details: { indicatorCount: 0 } },
    );
  }
}

/**
 * An indicator's target or achieved value (§6.2): 0 or more, at most two decimals
 * (`numeric(14, 2)`), so that a rate (85.5 %) or a count (24 场次) is stored as given.
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseIndicatorValue(value: unknown, path: FieldPath): number {
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_INDICATOR_VALUE &&
    Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
  if (!valid) {
    refuse(
      'INVALID_NUMBER',
      `An indicator value is a number from 0 to ${MAX_INDICATOR_VALUE} with at most two decimals, got ${String(value).slice(0, 32)}.`,
      path,
    );
  }
  return value as number;
}

/** An indicator as parsed. */
export interface Indicator {
  kind: IndicatorKind;
  description: string;
  unit: string;
  target: number;
}

/**
 * A project's indicators: each output (产出) or outcome (效果), with a published description, the
 * unit it is counted in (场次, 人次, %) and its target.
 *
 * @throws {SansheError} VALIDATION_FAILED, INVALID_CODE_LIST_VALUE, INVALID_TEXT,
 *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_NUMBER
 */
export function parseIndicators(value: unknown, path: FieldPath): Indicator[] {
  const list = requireList(value, path, 'The indicators', MAX_INDICATORS);
  return list.map((entry, index): Indicator => {
    const at = [...path, index];
    if (typeof entry !== 'object' || entry === null)
      refuse('VALIDATION_FAILED', 'An indicator is an object.', at);
    const indicator = entry as Record<string, unknown>;
    return {
      kind: parseCode(indicatorKinds, indicator.kind, [...at, 'kind'], 'The kind'),
      description: publishedText(indicator.description, [...at, 'description'], 200, 'The description'),
      unit: publishedText(indicator.unit, [...at, 'unit'], 16, 'The unit'),
      target: parseIndicatorValue(indicator.target, [...at, 'target']),
    };
  });
}

/**
 * A list of local ids the input names (needs, communities), without repeats, each with where it
 * sits in the input. An id that cannot exist is NOT_FOUND there, as a missing record.
 *
 * @throws {SansheError} VALIDATION_FAILED (not a list, too long), NOT_FOUND
 */
export function parseIdList(
  value: unknown,
  path: FieldPath,
  what: string,
): { id: number; path: FieldPath }[] {
  const list = requireList(value, path, `The ${what}s`, MAX_LINKED_RECORDS);
  const seen = new Map<number, FieldPath>();
  list.forEach((id, index) => {
    if (!isLocalId(id)) {
      throw new SansheError('NOT_FOUND', `No ${what} with id ${String(id).slice(0, 32)}.`, {
        path: [...path, index],
      });
    }
    if (!seen.has(id)) seen.set(id, [...path, index]);
  });
  return [...seen].map(([id, at]) => ({ id, path: at }));
}

/**
 * The communities a project serves lie in the unit that designs it (§6.2: a project is designed by
 * the district, a subdistrict or a community for its own people): every community of the
 * district for a district project, the subdistrict's for a subdistrict's, only itself for a
 * community's. At least one community is served.
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function requireCommunitiesWithinUnit(
  unitCode: string,
  served: readonly { code: string; path: FieldPath }[],
  path: FieldPath,
): void {
  if (served.length === 0) {
    refuse('VALIDATION_FAILED', 'A project serves at least one community.', path);
  }
  for (const community of served) {
    if (!community.code.startsWith(unitCode)) {
      refuse(
        'VALIDATION_FAILED',
        `Community ${community.code} lies outside unit ${unitCode}, which designs the project.`,
        community.path,
      );
    }
  }
}

/**
 * Each need a project answers is a need of a community it serves (§6.1–§6.2: a project is
 * designed from its communities' needs).
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function requireNeedsServed(
  linked: readonly { id: number; communityId: number; path: FieldPath }[],
  servedCommunityIds: ReadonlySet<number>,
): void {
  for (const need of linked) {
    if (!servedCommunityIds.has(need.communityId)) {
      refuse(
        'VALIDATION_FAILED',
        `Need ${need.id} is a need of community ${need.communityId}, which the project does not serve.`,
        need.path,
      );
    }
  }
}

/**
 * A project closes (or, once approved, is cancelled) on or after the day it was approved (schema
 * CHECK `service_projects_status`).
 *
 * @throws {SansheError} INVALID_DATE_RANGE
 */
export function requireClosedAfterApproved(
  approvedOn: string | null,
  closedOn: string,
  path: FieldPath,
): void {
  if (approvedOn === null || closedOn >= approvedOn) return;
  throw new SansheError(
    'INVALID_DATE_RANGE',
    `The project was approved on ${approvedOn}; it cannot close on ${closedOn}, before that.`,
    { path, details: { approvedOn } },
  );
}
