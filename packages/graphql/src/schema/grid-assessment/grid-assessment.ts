import {
  type AssessedRate,
  type AssessedRateKey,
  type AssessedUnit,
  type AssessmentCounts,
  type AssessmentRater,
  type AssessmentSubject,
  assessmentRaters,
  assessmentSubjects,
  type GridAssessment,
  MAX_ASSESSMENT_DAYS,
  type MarkSummary,
  storedInstant,
  type WilsonInterval,
} from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { decodeGlobalId, encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { codeListEnum } from '../code-list-enum.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId } from '../mutation-routes.js';
import { atArguments } from './argument-paths.js';

/**
 * The assessment of grid work in the API (docs/domain.md §7.9): per community, department or grid
 * team member, the counts of a period's events, each rate as numerator and denominator (so units
 * and districts add up) with its Wilson score interval and its place in the ranking, beside the
 * marks given (self, community, third party); and the giving of a mark. Every figure is core's
 * (grid-events/assessment*.ts); the gateway only shapes it.
 */

export const AssessmentSubjectEnum = codeListEnum(
  'AssessmentSubject',
  'What an assessment of grid work rates (docs/domain.md §7.9): communities, departments or grid team members (heads and workers, by the account they act with).',
  assessmentSubjects,
);

const AssessmentRaterEnum = codeListEnum(
  'AssessmentRater',
  'Who gives a mark (docs/domain.md §7.9): the subject itself (自评), the community side or the level above it (社区评价), or a third-party evaluator (第三方评价).',
  assessmentRaters,
);

const RateDirectionEnum = builder.enumType('RateDirection', {
  description: 'Which way a rate is good.',
  values: {
    HIGHER: {
      value: 'higher',
      description: 'Higher is better (on-time receipt and closure, closure, satisfaction).',
    },
    LOWER: { value: 'lower', description: 'Lower is better (the reopen rate).' },
  } as const,
});

/** The GraphQL type of each kind of subject, for its global ID. */
const subjectTypename: Readonly<Record<AssessmentSubject, string>> = {
  community: 'Community',
  department: 'Department',
  member: 'GridTeamMember',
};

const WilsonIntervalRef = builder.objectRef<WilsonInterval>('WilsonInterval').implement({
  description:
    'The Wilson score interval of a rate (Wilson 1927) at the assessment’s confidence: where the true rate lies given the events counted. It widens for few events, so 1 out of 1 has a lower bound of 0.21 at 95 %.',
  fields: (t) => ({
    lower: t.exposeFloat('lower', { description: 'The lower bound, 0–1.' }),
    upper: t.exposeFloat('upper', { description: 'The upper bound, 0–1.' }),
  }),
});

const AssessedRateRef = builder.objectRef<AssessedRate>('AssessedRate').implement({
  description:
    'A rate of a unit as numerator and denominator (sum them to combine units or districts: never average the values), its value, its interval and its place in the ranking.',
  fields: (t) => ({
    numerator: t.exposeInt('numerator', { description: 'The events that count for the rate.' }),
    denominator: t.exposeInt('denominator', { description: 'The events it is out of.' }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'numerator / denominator; null when nothing was counted.',
    }),
    interval: t.field({
      type: WilsonIntervalRef,
      nullable: true,
      description: 'Null when nothing was counted.',
      resolve: (rate) => rate.interval,
    }),
    better: t.field({
      type: RateDirectionEnum,
      description: 'Which way the rate is good.',
      resolve: (rate) => rate.better,
    }),
    rank: t.exposeInt('rank', {
      nullable: true,
      description:
        'The place among the ranked units (1 is best; equal bounds share a place), by the interval’s lower bound (the upper bound for a rate better low); null when the unit had fewer events than minimumEvents or nothing to rate.',
    }),
  }),
});

export const AssessedRatesRef = builder
  .objectRef<Record<AssessedRateKey, AssessedRate>>('AssessedRates')
  .implement({
    description: 'The five rates of a unit.',
    fields: (t) => ({
      acceptedOnTime: t.field({
        type: AssessedRateRef,
        description: 'On-time receipt (按时受理): accepted by the day due, of the events due to be accepted.',
        resolve: (rates) => rates.acceptedOnTime,
      }),
      closedOnTime: t.field({
        type: AssessedRateRef,
        description:
          'On-time closure (按时办结): closed by the day due, of the events closed or still open past the day due. Units are listed by their rank on it.',
        resolve: (rates) => rates.closedOnTime,
      }),
      closed: t.field({
        type: AssessedRateRef,
        description: 'Closure (结案率): closed, of the events received.',
        resolve: (rates) => rates.closed,
      }),
      reopened: t.field({
        type: AssessedRateRef,
        description: 'Reopen rate (返工率): reopened at least once, of the events ever closed. Better low.',
        resolve: (rates) => rates.reopened,
      }),
      satisfied: t.field({
        type: AssessedRateRef,
        description: 'Satisfaction (满意率): rated 4 or 5 by the reporter, of the events rated.',
        resolve: (rates) => rates.satisfied,
      }),
    }),
  });

export const AssessmentCountsRef = builder.objectRef<AssessmentCounts>('AssessmentCounts').implement({
  description:
    'The counts behind a unit’s figures, every one a count so that units and districts add up. Events are read as they stand today: an open event past its day due counts as late already.',
  fields: (t) => ({
    received: t.exposeInt('received', { description: 'Events of the unit in the period (its cohort).' }),
    acceptedOnTime: t.exposeInt('acceptedOnTime', { description: 'Accepted by the day due.' }),
    acceptanceDue: t.exposeInt('acceptanceDue', {
      description: 'Accepted, or still not accepted after the day due.',
    }),
    closedOnTime: t.exposeInt('closedOnTime', { description: 'Closed, and by the day due.' }),
    closureDue: t.exposeInt('closureDue', {
      description: 'Closed, or still open after the closing day due.',
    }),
    closed: t.exposeInt('closed', { description: 'Closed, as they stand.' }),
    reopened: t.exposeInt('reopened', { description: 'Reopened at least once.' }),
    everClosed: t.exposeInt('everClosed', {
      description: 'Closed at least once (closed now, or reopened since).',
    }),
    satisfied: t.exposeInt('satisfied', { description: 'Rated 4 or 5 by the reporter.' }),
    rated: t.exposeInt('rated', { description: 'Rated at all (1–5).' }),
    satisfactionSum: t.exposeInt('satisfactionSum', { description: 'The sum of the ratings, for the mean.' }),
    verified: t.exposeInt('verified', {
      description: 'Grid team members only: the events the member verified and closed in the period.',
    }),
  }),
});

const MarkSummaryRef = builder.objectRef<MarkSummary>('AssessmentMarkSummary').implement({
  description: 'The marks (0–100) of one kind of rater given to a unit for the quarters the period overlaps.',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'How many marks.' }),
    sum: t.exposeInt('sum', { description: 'Their sum.' }),
    mean: t.exposeFloat('mean', { nullable: true, description: 'sum / count; null without marks.' }),
  }),
});

const AssessmentMarksRef = builder
  .objectRef<Record<AssessmentRater, MarkSummary>>('AssessmentMarks')
  .implement({
    description: 'The marks given to a unit, by kind of rater (self, community, third party).',
    fields: (t) => ({
      self: t.field({ type: MarkSummaryRef, description: '自评.', resolve: (marks) => marks.self }),
      community: t.field({
        type: MarkSummaryRef,
        description: '社区评价.',
        resolve: (marks) => marks.community,
      }),
      thirdParty: t.field({
        type: MarkSummaryRef,
        description: '第三方评价.',
        resolve: (marks) => marks.third_party,
      }),
    }),
  });

export const AssessedUnitRef = builder
  .objectRef<AssessedUnit & { districtCode: string }>('AssessedUnit')
  .implement({
    description: 'One community, department or grid team member assessed over the period.',
    fields: (t) => ({
      subject: t.field({
        type: AssessmentSubjectEnum,
        description: 'What kind of unit it is.',
        resolve: (unit) => unit.subject,
      }),
      unitId: t.id({
        description: 'The global ID of the Community, Department or GridTeamMember assessed.',
        resolve: (unit) => encodeGlobalId(subjectTypename[unit.subject], unit.districtCode, unit.id),
      }),
      code: t.exposeString('code', {
        description: 'The community’s code, the department’s code, or the member’s grid code.',
      }),
      name: t.exposeString('name', { description: 'The community’s, department’s or member’s name.' }),
      counts: t.field({
        type: AssessmentCountsRef,
        description: 'The counts behind its rates.',
        resolve: (unit) => unit.counts,
      }),
      rates: t.field({
        type: AssessedRatesRef,
        description: 'Its five rates.',
        resolve: (unit) => unit.rates,
      }),
      meanSatisfaction: t.exposeFloat('meanSatisfaction', {
        nullable: true,
        description: 'The mean rating (1–5): satisfactionSum / rated; null when nothing was rated.',
      }),
      ranked: t.exposeBoolean('ranked', {
        description: 'Whether it had at least minimumEvents events, and so takes a place in the rankings.',
      }),
      marks: t.field({
        type: AssessmentMarksRef,
        description: 'The marks it was given for the quarters the period overlaps, by kind of rater.',
        resolve: (unit) => unit.marks,
      }),
    }),
  });

const GridAssessmentRef = builder
  .objectRef<GridAssessment & { districtCode: string }>('GridAssessment')
  .implement({
    description:
      'The assessment of grid work of a period (docs/domain.md §7.9). A unit with one lucky event does not top a ranking: only units with at least minimumEvents events are ranked, by the lower bound of each rate’s Wilson interval at confidencePercent (policy grid.assessment).',
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district that answered.' }),
      unitCode: t.exposeString('unitCode', { description: 'The unit whose events were read.' }),
      subject: t.field({
        type: AssessmentSubjectEnum,
        description: 'What kind of unit was assessed.',
        resolve: (assessment) => assessment.subject,
      }),
      from: t.field({ type: 'Date', description: 'The first day of the period.', resolve: (a) => a.from }),
      to: t.field({ type: 'Date', description: 'The last day of the period.', resolve: (a) => a.to }),
      asOf: t.field({
        type: 'Date',
        description: 'The day open events were judged overdue on (today).',
        resolve: (a) => a.asOf,
      }),
      minimumEvents: t.exposeInt('minimumEvents', {
        description: 'The fewest events a unit needs in the period to be ranked.',
      }),
      confidencePercent: t.exposeInt('confidencePercent', {
        description: 'The confidence of the intervals: 80, 90, 95 or 99.',
      }),
      policySource: t.exposeString('policySource', {
        description: 'Where minimumEvents and the confidence come from (policy grid.assessment).',
      }),
      units: t.field({
        type: [AssessedUnitRef],
        description: 'The units, ranked ones first by their place on on-time closure, then by code.',
        resolve: (assessment) =>
          assessment.units.map((unit) => ({ ...unit, districtCode: assessment.districtCode })),
      }),
    }),
  });

builder.queryFields((t) => ({
  gridAssessment: t.field({
    type: GridAssessmentRef,
    description: `The assessment of grid work of a period (at most ${MAX_ASSESSMENT_DAYS} days) for one kind of subject, in a district, subdistrict or community. District-wide roles read any unit of their district; subdistrict and community staff and grid workers their own unit; anyone else is FORBIDDEN.`,
    args: {
      unitCode: t.arg.string({
        required: true,
        description: 'The district (6 digits), subdistrict (9) or community (12) whose events are read.',
      }),
      from: t.arg({ type: 'Date', required: true, description: 'The first day of the period.' }),
      to: t.arg({ type: 'Date', required: true, description: 'The last day of the period.' }),
      subject: t.arg({
        type: AssessmentSubjectEnum,
        required: true,
        description: 'Communities, departments or grid team members.',
      }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['unitCode'] }),
    resolve: async (_root, args, ctx) => {
      const assessment = await atArguments(() =>
        ctx.gridAssessment.gridAssessment({
          unitCode: args.unitCode,
          from: args.from,
          to: args.to,
          subject: args.subject,
        }),
      );
      return { ...assessment, districtCode: ctx.district.districtCode };
    },
  }),
}));

const GridAssessmentMarkRef = builder.drizzleObject('gridAssessmentMarks', {
  name: 'GridAssessmentMark',
  description: 'A mark (0–100) given to a community, a department or a grid team member for a quarter.',
  fields: (t) => ({
    subject: t.field({
      type: AssessmentSubjectEnum,
      description: 'What kind of unit was marked.',
      resolve: (mark) => mark.subjectKind as AssessmentSubject,
    }),
    subjectId: t.id({
      description: 'The global ID of the Community, Department or GridTeamMember marked.',
      resolve: (mark) => {
        const kind = mark.subjectKind as AssessmentSubject;
        const id =
          kind === 'community' ? mark.communityId : kind === 'department' ? mark.departmentId : mark.memberId;
        return encodeGlobalId(subjectTypename[kind], mark.districtCode, id!);
      },
    }),
    period: t.exposeString('period', { description: 'The quarter marked: 2026-Q1.' }),
    rater: t.field({
      type: AssessmentRaterEnum,
      description: 'Who gave it: the subject itself, the community side, a third party.',
      resolve: (mark) => mark.rater as AssessmentRater,
    }),
    score: t.exposeInt('score', { description: '0–100.' }),
    note: t.exposeString('note', { nullable: true, description: 'Why, as the rater said.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was given.',
      resolve: (mark) => storedInstant(mark.createdAt),
    }),
  }),
});

const RecordAssessmentMarkInput = builder.inputType('RecordAssessmentMarkInput', {
  description: 'A mark for a quarter, once per subject, quarter and kind of rater.',
  fields: (t) => ({
    subjectId: t.id({
      required: true,
      description: 'The Community, Department or GridTeamMember marked; its type says which kind of subject.',
    }),
    period: t.string({
      required: true,
      description: 'The quarter marked, written 2026-Q1: begun by today, the subject in place during it.',
    }),
    rater: t.field({
      type: AssessmentRaterEnum,
      required: true,
      description:
        'SELF by the subject itself (the community’s staff, the department’s, the member by its account); COMMUNITY by the level above it; THIRD_PARTY by an evaluator (or the district entering its report).',
    }),
    score: t.int({ required: true, description: 'A whole number from 0 to 100.' }),
    note: t.string({ description: 'Why (at most 1000 characters).' }),
  }),
});

defineMutation('recordAssessmentMark', {
  // Core names the subject by its kind's field and checks each; the caller sent one ID.
  inputNames: {
    subjectKind: 'subjectId',
    communityId: 'subjectId',
    departmentId: 'subjectId',
    memberId: 'subjectId',
  },
  type: GridAssessmentMarkRef,
  description:
    'Give a mark to a community, a department or a grid team member for a quarter (docs/domain.md §7.9). A second mark of the same kind for the same quarter is DUPLICATE_RECORD; a mark the caller’s role does not give is FORBIDDEN.',
  input: RecordAssessmentMarkInput,
  route: byInputGlobalId('subjectId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    const subjectId = String(input.subjectId);
    const path = ['input', 'subjectId'];
    let typename = '';
    try {
      typename = decodeGlobalId(subjectId).typename;
    } catch {
      // localIdOf below answers INVALID_ID for it.
    }
    const common = {
      period: input.period,
      rater: input.rater,
      score: input.score,
      note: input.note ?? null,
    };
    if (typename === 'Department') {
      return ctx.gridAssessment.recordAssessmentMark({
        ...common,
        subjectKind: 'department',
        departmentId: await visibleLocalIdOf(ctx, subjectId, 'Department', path),
      });
    }
    if (typename === 'GridTeamMember') {
      return ctx.gridAssessment.recordAssessmentMark({
        ...common,
        subjectKind: 'member',
        memberId: await visibleLocalIdOf(ctx, subjectId, 'GridTeamMember', path),
      });
    }
    // A community, or anything else: localIdOf refuses another type as NOT_FOUND.
    return ctx.gridAssessment.recordAssessmentMark({
      ...common,
      subjectKind: 'community',
      communityId: localIdOf(subjectId, 'Community', districtCode, path),
    });
  },
});
