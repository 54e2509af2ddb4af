/**
 * The rules of what the service chain discloses and when (四公开, docs/domain.md §6.8). Pure: plain
 * data in, a decision out.
 */
import { fail, ok, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import type { PurchaseStage } from '../purchases/code-lists.js';
import { parseDivisionCode } from '../validators/division-code.js';

/** A stage a purchase reaches on its way (all but the cancellation, which ends it before a contract). */
export type DisclosedPurchaseStage = Exclude<PurchaseStage, 'cancelled'>;

/** The stages of a purchase in their order (docs/domain.md §6.3), with the column of each one's day. */
export const purchaseStageDayColumns = [
  ['plan', 'plannedOn'],
  ['tender', 'tenderPublishedOn'],
  ['bids', 'bidsClosedOn'],
  ['award', 'awardedOn'],
  ['contract', 'contractedOn'],
  ['implementation', 'implementationStartedOn'],
  ['evaluation', 'evaluationStartedOn'],
  ['closure', 'closedOn'],
] as const satisfies readonly (readonly [DisclosedPurchaseStage, string])[];

type StageDays = { [K in (typeof purchaseStageDayColumns)[number][1]]: string | null };

/** Each stage a purchase reached, in order, with its day. */
export function purchaseStageDays(
  purchase: StageDays,
): { stage: DisclosedPurchaseStage; reachedOn: string }[] {
  const reached: { stage: DisclosedPurchaseStage; reachedOn: string }[] = [];
  for (const [stage, column] of purchaseStageDayColumns) {
    const day = purchase[column];
    if (day !== null) reached.push({ stage, reachedOn: day });
  }
  return reached;
}

/**
 * When a project is disclosed: once it is approved (or closed after delivery) and the tender
 * notice of its live purchase (招标公告, or the single-source notice 单一来源公示) has been published
 * on or before the day. The notice is the first public act of a government purchase (政府采购法 第十一条,
 * to verify; 财预〔2017〕87号 五 lists what the purchaser then publishes). A draft or cancelled project,
 * one still at its purchase plan, and a purchase cancelled before a new one is tendered are not
 * disclosed; what each stage adds to the view is said in public-project.ts.
 */
export function isDisclosed(
  project: { status: string },
  livePurchase: { tenderPublishedOn: string | null } | null,
  on: string,
): boolean {
  return (
    (project.status === 'approved' || project.status === 'closed') &&
    livePurchase !== null &&
    livePurchase.tenderPublishedOn !== null &&
    livePurchase.tenderPublishedOn <= on
  );
}

/** How an individual donor is published (docs/domain.md §6.4, §9). */
export const PERSONAL_DONOR_NAME = '个人捐赠';

/**
 * The funder's name as published. A donation or an in-kind gift whose funder has no unified social
 * credit code and is no organization of the district comes from a person, since every organization
 * in China has a code (GB 32100-2015): it is published as 个人捐赠 whatever name was recorded, so a
 * donor's name never reaches the public view (慈善法 第七十六条 of the 2016 text, to verify: donors'
 * names are not published without their consent; docs/domain.md §9).
 */
export function publishedFunderName(source: {
  kind: string;
  funderName: string;
  funderUscc: string | null;
  funderOrganizationId: number | null;
}): string {
  const fromPerson =
    (source.kind === 'donation' || source.kind === 'in_kind') &&
    source.funderUscc === null &&
    source.funderOrganizationId === null;
  return fromPerson ? PERSONAL_DONOR_NAME : source.funderName;
}

/** The most projects one page of the public list holds. */
export const PUBLIC_PROJECTS_PAGE_LIMIT = 50;
export const PUBLIC_PROJECTS_DEFAULT_PAGE = 20;

/** The public list's filter and page, as given. */
export interface PublicProjectsQuery {
  /** Projects designed by this unit (district, subdistrict or community) or a unit below it. */
  unitCode?: string | null;
  /** Projects whose schedule (first to last day) overlaps this calendar year. */
  year?: number | null;
  /** How many projects (default 20, at most 50). */
  first?: number | null;
  /** The cursor of the last project of the previous page. */
  after?: string | null;
}

/** The query checked: codes of this district, bounds, a cursor this list made. */
export interface ParsedPublicProjectsQuery {
  unitCode: string | null;
  year: number | null;
  first: number;
  /** The project id the page starts after. */
  afterId: number | null;
}

/** A cursor of the public project list: the project's id, in decimal. */
export function publicProjectCursor(projectId: number): string {
  return String(projectId);
}

/**
 * Check the public list's query before any read: the unit's code and district, the year, the page
 * size and the cursor.
 *
 * @returns INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, INVALID_NUMBER (year),
 * INVALID_PAGINATION (a negative or fractional page size), PAGE_SIZE_EXCEEDED, INVALID_CURSOR.
 */
export function parsePublicProjectsQuery(
  query: PublicProjectsQuery | undefined,
  districtCode: string,
  path: FieldPath = ['input'],
): ParseResult<ParsedPublicProjectsQuery> {
  const given = query ?? {};
  let unitCode: string | null = null;
  if (given.unitCode !== undefined && given.unitCode !== null) {
    const parsed = parseDivisionCode(given.unitCode, { path: [...path, 'unitCode'] });
    if (!parsed.success) return parsed;
    if (parsed.data.districtCode !== districtCode) {
      return fail(
        'CODE_OUTSIDE_DISTRICT',
        `Unit ${parsed.data.code} belongs to district ${parsed.data.districtCode}, not to ${districtCode}.`,
        [...path, 'unitCode'],
      );
    }
    unitCode = parsed.data.code;
  }
  let year: number | null = null;
  if (given.year !== undefined && given.year !== null) {
    if (!Number.isInteger(given.year) || given.year < 1990 || given.year > 2100) {
      return fail('INVALID_NUMBER', 'The year is a whole year from 1990 to 2100.', [...path, 'year']);
    }
    year = given.year;
  }
  const first = given.first ?? PUBLIC_PROJECTS_DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0) {
    return fail('INVALID_PAGINATION', 'first is a whole number, 0 or more.', [...path, 'first']);
  }
  if (first > PUBLIC_PROJECTS_PAGE_LIMIT) {
    return fail(
      'PAGE_SIZE_EXCEEDED',
      `A page holds at most ${PUBLIC_PROJECTS_PAGE_LIMIT} projects; ${first} were asked for.`,
      [...path, 'first'],
    );
  }
  let afterId: number | null = null;
  if (given.after !== undefined && given.after !== null) {
    const id =
      typeof given.after === 'string' && /^[1-9]\d{0,15}$/.test(given.after) ? Number(given.after) : NaN;
    if (!Number.isSafeInteger(id)) {
      return fail('INVALID_CURSOR', 'Not a cursor of the public project list.', [...path, 'after']);
    }
    afterId = id;
  }
  return ok({ unitCode, year, first, afterId });
}
