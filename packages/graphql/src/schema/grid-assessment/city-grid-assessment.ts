import {
  type AssessmentAcrossDistricts,
  type AssessmentTotal,
  defaultAcrossDistrictsRule,
  MAX_ASSESSMENT_DAYS,
} from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { atArguments } from './argument-paths.js';
import {
  AssessedRatesRef,
  AssessedUnitRef,
  AssessmentCountsRef,
  AssessmentSubjectEnum,
} from './grid-assessment.js';

/**
 * The assessment of grid work across the districts a gateway serves (docs/domain.md §7.9): every
 * unit of every district ranked together under one rule the caller states (the fewest events and
 * the confidence, by default the national default of `grid.assessment`), each district's total
 * and the city's, all summed from counts. A district answers its own part with this same field
 * (so a gateway over one district gives the same answer); a city gateway asks each district and
 * ranks the units again together (gateway/fan-out-assessment.ts).
 */

const AssessmentFiguresRef = builder.interfaceRef<AssessmentTotal>('AssessmentFigures').implement({
  description:
    'The figures of several units together: their counts summed, and rates computed once from the sums (never an average of rates). Totals are not ranked.',
  fields: (t) => ({
    counts: t.field({
      type: AssessmentCountsRef,
      description: 'The summed counts.',
      resolve: (total) => total.counts,
    }),
    rates: t.field({
      type: AssessedRatesRef,
      description: 'Rates of the sums.',
      resolve: (total) => total.rates,
    }),
    meanSatisfaction: t.exposeFloat('meanSatisfaction', {
      nullable: true,
      description: 'The mean rating (1–5) of the summed ratings; null when nothing was rated.',
    }),
  }),
});

const AssessmentTotalRef = builder.objectRef<AssessmentTotal>('AssessmentTotal').implement({
  description: 'All the units of an assessment across districts together.',
  interfaces: [AssessmentFiguresRef],
});

const DistrictAssessmentTotalRef = builder
  .objectRef<AssessmentTotal & { districtCode: string }>('DistrictAssessmentTotal')
  .implement({
    description: 'One district’s units together.',
    interfaces: [AssessmentFiguresRef],
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district.' }),
    }),
  });

export const AssessmentAcrossDistrictsRef = builder
  .objectRef<AssessmentAcrossDistricts>('AssessmentAcrossDistricts')
  .implement({
    description:
      'The assessment of grid work of a period across districts (docs/domain.md §7.9): the units of every district ranked together under one rule, with each district’s total and the total of all. For departments a total counts the events dispatched; for grid team members an event one member reported and another verified counts for each.',
    fields: (t) => ({
      from: t.field({ type: 'Date', description: 'The first day of the period.', resolve: (a) => a.from }),
      to: t.field({ type: 'Date', description: 'The last day of the period.', resolve: (a) => a.to }),
      subject: t.field({
        type: AssessmentSubjectEnum,
        description: 'What kind of unit was assessed.',
        resolve: (a) => a.subject,
      }),
      asOf: t.field({
        type: 'Date',
        description: 'The day open events were judged overdue on (today).',
        resolve: (a) => a.asOf,
      }),
      minimumEvents: t.exposeInt('minimumEvents', {
        description: 'The fewest events a unit needed to be ranked (the rule asked for).',
      }),
      confidencePercent: t.exposeInt('confidencePercent', {
        description: 'The confidence of every interval (the rule asked for).',
      }),
      districts: t.exposeStringList('districts', {
        description:
          'The districts whose units were read. One where the caller reads nothing is not listed; one that did not answer is named in a DISTRICT_UNAVAILABLE error.',
      }),
      total: t.field({
        type: AssessmentTotalRef,
        description: 'All the units together.',
        resolve: (a) => a.total,
      }),
      byDistrict: t.field({
        type: [DistrictAssessmentTotalRef],
        description: 'Each district’s units together, in district-code order.',
        resolve: (a) => a.byDistrict,
      }),
      units: t.field({
        type: [AssessedUnitRef],
        description:
          'Every unit of every district, ranked together: ranked ones first by their place on on-time closure, then by district and code. A unit’s marks are those its district gave.',
        resolve: (a) => a.units,
      }),
    }),
  });

builder.queryFields((t) => ({
  gridAssessmentAcrossDistricts: t.field({
    type: AssessmentAcrossDistrictsRef,
    description: `The assessment of grid work of a period (at most ${MAX_ASSESSMENT_DAYS} days) across every district this gateway serves (a city over its districts): every community, department or grid team member the caller may read, ranked together under one rule, with each district’s total and the total of all. Districts rank under their own policy in gridAssessment; here the caller states the rule (default: at least ${defaultAcrossDistrictsRule.minimumEvents} events, ${defaultAcrossDistrictsRule.confidencePercent} %). A district where the caller reads nothing adds nothing.`,
    args: {
      from: t.arg({ type: 'Date', required: true, description: 'The first day of the period.' }),
      to: t.arg({ type: 'Date', required: true, description: 'The last day of the period.' }),
      subject: t.arg({
        type: AssessmentSubjectEnum,
        required: true,
        description: 'Communities, departments or grid team members.',
      }),
      minimumEvents: t.arg.int({
        description: `The fewest events a unit needs to be ranked, 1–1000 (default ${defaultAcrossDistrictsRule.minimumEvents}).`,
      }),
      confidencePercent: t.arg.int({
        description: `The confidence of the intervals: 80, 90, 95 or 99 (default ${defaultAcrossDistrictsRule.confidencePercent}).`,
      }),
    },
    extensions: routeExtension({ kind: 'fanOutAssessment' }),
    resolve: (_root, args, ctx) =>
      atArguments(() =>
        ctx.gridAssessment.gridAssessmentAcrossDistricts({
          from: args.from,
          to: args.to,
          subject: args.subject,
          minimumEvents: args.minimumEvents ?? null,
          confidencePercent: args.confidencePercent ?? null,
        }),
      ),
  }),
}));
