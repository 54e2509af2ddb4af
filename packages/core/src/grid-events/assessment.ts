import { reachOf } from '../access/jurisdiction.js';
import type { DistrictDatabase } from '../database/district-database.js';
import { isSansheError, SansheError } from '../errors/sanshe-error.js';
import { createPolicyService } from '../policies/policy-service.js';
import { parseCode } from '../services/code-list.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { parseIsoDate } from '../validators/text.js';
import {
  type AssessmentAcrossDistricts,
  districtPartAcrossDistricts,
  parseAcrossDistrictsRule,
} from './assessment-across-districts.js';
import { assessmentCounts, emptyMarks, markSums } from './assessment-figures.js';
import { createAssessmentMarkUseCases } from './assessment-marks.js';
import { quartersOverlapping, rankUnits, unitRates } from './assessment-rules.js';
import type { AssessedUnit, GridAssessment, GridAssessmentInput } from './assessment-types.js';
import { type AssessmentSubject, assessmentSubjects } from './code-lists.js';
import type { ConfidencePercent } from './wilson-interval.js';

/** The longest period one assessment reads: a year (the practice assesses by quarter and year). */
export const MAX_ASSESSMENT_DAYS = 366;

/**
 * The assessment of grid work of one district (docs/domain.md §7.9): on-time receipt (受理),
 * on-time closure (办结), closure, reopening and residents' satisfaction per community, department
 * and grid team member, from the events of a period, each as a numerator and a denominator with
 * its Wilson score interval, ranked by the interval's bound among the units with at least the
 * policy's number of events (`grid.assessment` *(local)*: 10 events, 95 % by default), so a unit
 * with one lucky event does not top a ranking; beside them the marks given (self, community,
 * third party), and the writing of those marks.
 *
 * District-wide roles read the whole district; subdistrict and community staff and grid workers
 * their unit (for departments: the events of their unit). Others read nothing (FORBIDDEN).
 */
export function createGridAssessmentService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  /** The unit the caller reads: the one asked for, within its reach. */
  function scopeOf(asked: string | null): string {
    const reach = reachOf(kit.actor, districtCode);
    if (reach.kind === 'everything' || reach.kind === 'district') return asked ?? districtCode;
    if (reach.kind === 'unit') {
      if (asked === null) return reach.prefix;
      if (asked.startsWith(reach.prefix)) return asked;
    }
    throw new SansheError(
      'FORBIDDEN',
      `${kit.actor.id} (${kit.actor.role}) may not read the assessment of ${asked ?? districtCode}.`,
      { path: asked === null ? [] : ['input', 'unitCode'] },
    );
  }

  /**
   * The assessment of a period for one kind of subject.
   *
   * @throws {SansheError} INVALID_DATE, INVALID_DATE_RANGE (to before from, or more than a
   *   year), INVALID_CODE_LIST_VALUE (subject), INVALID_DIVISION_CODE / CODE_OUTSIDE_DISTRICT
   *   (unitCode), FORBIDDEN, POLICY_NOT_SET
   */
  async function gridAssessment(input: GridAssessmentInput): Promise<GridAssessment> {
    const from = kit.unwrap(parseIsoDate(input?.from, { path: ['input', 'from'] }));
    const to = kit.unwrap(parseIsoDate(input?.to, { path: ['input', 'to'] }));
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days < 1 || days > MAX_ASSESSMENT_DAYS) {
      throw new SansheError(
        'INVALID_DATE_RANGE',
        days < 1
          ? `The period ends (${to}) before it begins (${from}).`
          : `An assessment reads at most ${MAX_ASSESSMENT_DAYS} days, not ${days}.`,
        { path: ['input', 'to'] },
      );
    }
    const subject = parseCode(assessmentSubjects, input.subject, ['input', 'subject'], 'The subject');
    let asked: string | null = null;
    if (input.unitCode !== undefined && input.unitCode !== null) {
      const code = kit.unwrap(parseDivisionCode(input.unitCode, { path: ['input', 'unitCode'] }));
      if (code.districtCode !== districtCode) {
        throw new SansheError(
          'CODE_OUTSIDE_DISTRICT',
          `Unit ${code.code} belongs to district ${code.districtCode}, not to ${districtCode}.`,
          { path: ['input', 'unitCode'] },
        );
      }
      asked = code.code;
    }
    const unitCode = scopeOf(asked);
    const asOf = kit.today();

    // Several statements read one consistent snapshot.
    return db.transaction(
      async (tx) => {
        const policy = await createPolicyService({ db: tx, districtCode }).requireValueInForce(
          'grid.assessment',
          unitCode,
          asOf,
        );
        const confidencePercent = policy.value.confidencePercent as ConfidencePercent;
        const rows = await assessmentCounts(tx, subject, { districtCode, unitCode, from, to, asOf });
        const marks = await markSums(tx, districtCode, subject, quartersOverlapping(from, to));
        const units: AssessedUnit[] = rows.map((row) => ({
          subject,
          id: row.id,
          code: row.code,
          name: row.name,
          accountId: row.accountId,
          counts: row.counts,
          rates: unitRates(row.counts, confidencePercent),
          meanSatisfaction: row.counts.rated === 0 ? null : row.counts.satisfactionSum / row.counts.rated,
          ranked: false,
          marks: marks.get(row.id) ?? emptyMarks(),
        }));
        rankUnits(units, policy.value.minimumEvents);
        const placeOf = (unit: AssessedUnit) => unit.rates.closedOnTime.rank ?? Number.POSITIVE_INFINITY;
        units.sort((a, b) => placeOf(a) - placeOf(b) || a.code.localeCompare(b.code) || a.id - b.id);
        return {
          from,
          to,
          subject,
          unitCode,
          asOf,
          minimumEvents: policy.value.minimumEvents,
          confidencePercent,
          policySource: policy.source,
          units,
        };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  return {
    districtCode,

    gridAssessment,

    /**
     * This district's part of an assessment across districts (a city's): every unit the caller
     * may read, ranked under the rule asked for rather than the district's policy, and their
     * total. Where the caller reads nothing in this district the part is empty, not FORBIDDEN, so
     * a city's answer is the sum of what the caller may read everywhere.
     *
     * @throws {SansheError} as {@link gridAssessment}, and INVALID_NUMBER (minimumEvents,
     *   confidencePercent)
     */
    async gridAssessmentAcrossDistricts(
      input: Omit<GridAssessmentInput, 'unitCode'> & {
        minimumEvents?: number | null;
        confidencePercent?: number | null;
      },
    ): Promise<AssessmentAcrossDistricts> {
      const rule = parseAcrossDistrictsRule(input);
      let assessment: GridAssessment | null = null;
      try {
        assessment = await gridAssessment({ from: input.from, to: input.to, subject: input.subject });
      } catch (error) {
        if (!isSansheError(error) || error.code !== 'FORBIDDEN') throw error;
      }
      const period = assessment ?? {
        // Refused only after the period and subject were read as valid.
        from: input.from,
        to: input.to,
        subject: input.subject as AssessmentSubject,
        asOf: kit.today(),
      };
      return districtPartAcrossDistricts(
        districtCode,
        { from: period.from, to: period.to, subject: period.subject, asOf: period.asOf },
        assessment?.units ?? null,
        rule,
      );
    },

    ...createAssessmentMarkUseCases(kit),
  };
}

export type GridAssessmentService = ReturnType<typeof createGridAssessmentService>;
