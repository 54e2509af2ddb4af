import {
  type AssessmentAcrossDistricts,
  type AssessmentCounts,
  type AssessmentSubject,
  assessmentTotal,
  parseAcrossDistrictsRule,
  rankAcrossDistricts,
  todayInChina,
} from '@sanshe/core';
import {
  type GraphQLEnumType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  type SelectionNode,
} from 'graphql';
import { atArguments } from '../schema/grid-assessment/argument-paths.js';
import { mapBounded } from './bounded-map.js';
import { askDistrict } from './district-call.js';
import type { DistrictSource } from './district-source.js';
import { field, selectionSet } from './selection.js';

/** A unit as a district reports it over GraphQL: subject as the enum's name, marks as selected. */
interface ReportedUnit {
  subject: string;
  unitId: string;
  code: string;
  name: string;
  counts: AssessmentCounts;
  marks: unknown;
}

interface ReportedPart {
  from: string;
  to: string;
  asOf: string;
  districts: string[];
  units: ReportedUnit[];
}

/** Every field of an object type, and of the object types below it (the assessment's types are a tree). */
function everyField(type: GraphQLObjectType, leaveOut: readonly string[] = []): SelectionNode[] {
  return Object.values(type.getFields())
    .filter((f) => !leaveOut.includes(f.name))
    .map((f) => {
      const named = getNamedType(f.type);
      return isObjectType(named) ? field(f.name, undefined, everyField(named)) : field(f.name);
    });
}

/**
 * The assessment of grid work across districts at a city gateway: each district answers its part
 * in parallel (its units within the caller's reach, with their counts and marks), and the gateway
 * ranks all the units together under the rule asked for and adds up the totals from the counts
 * (core `rankAcrossDistricts`, `assessmentTotal`): the same functions a district applies to its
 * own part, so a city over one district answers as the district does. Rates, ranks and totals are
 * computed here from counts, never taken from a district. A district that fails or times out is
 * left out, named in a DISTRICT_UNAVAILABLE error and absent from `districts`.
 */
export function fanOutAssessmentResolver(
  sources: readonly DistrictSource[],
  fieldName: string,
  options: { timeoutMs: number; concurrency: number },
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  const ordered = [...sources].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
  let request: ReturnType<typeof selectionSet> | undefined;
  return async (_root, args, context, info) => {
    // The rule is checked here first: a bad one is refused once, not by every district.
    const rule = await atArguments(async () =>
      parseAcrossDistrictsRule({
        minimumEvents: (args.minimumEvents as number | null | undefined) ?? null,
        confidencePercent: (args.confidencePercent as number | null | undefined) ?? null,
      }),
    );
    request ??= partSelection(info.schema);
    const parts = await mapBounded(ordered, options.concurrency, async (source) => {
      const part = (await askDistrict(source, {
        fieldName,
        args,
        context,
        info,
        selectionSet: request,
        timeoutMs: options.timeoutMs,
        isAnswer: (value) => value != null,
      })) as ReportedPart | undefined;
      return part === undefined ? undefined : { districtCode: source.districtCode, part };
    });
    const answered = parts.filter((answer) => answer !== undefined);
    const subjectEnum = info.schema.getType('AssessmentSubject') as GraphQLEnumType;
    const units = rankAcrossDistricts(
      answered.flatMap(({ districtCode, part }) =>
        part.units.map((unit) => ({
          ...unit,
          // Fields are read by name below the root: the enum's value, the marks as reported.
          subject: subjectEnum.parseValue(unit.subject) as AssessmentSubject,
          districtCode,
        })),
      ),
      rule,
    );
    const byDistrict = answered
      .filter(({ part }) => part.districts.length > 0)
      .map(({ districtCode }) => ({
        districtCode,
        ...assessmentTotal(
          units.filter((unit) => unit.districtCode === districtCode).map((unit) => unit.counts),
          rule.confidencePercent,
        ),
      }));
    const first = answered[0]?.part;
    const merged: AssessmentAcrossDistricts<(typeof units)[number]> = {
      from: first?.from ?? String(args.from),
      to: first?.to ?? String(args.to),
      subject: args.subject as AssessmentSubject,
      asOf: first?.asOf ?? todayInChina(),
      ...rule,
      districts: answered.flatMap(({ part }) => part.districts),
      total: assessmentTotal(
        units.map((unit) => unit.counts),
        rule.confidencePercent,
      ),
      byDistrict,
      units,
    };
    return merged;
  };
}

/** What a district is asked for its part: the period and, of each unit, everything but what is recomputed. */
function partSelection(schema: GraphQLSchema) {
  const unitType = schema.getType('AssessedUnit') as GraphQLObjectType;
  return selectionSet([
    field('from'),
    field('to'),
    field('asOf'),
    field('districts'),
    field('units', undefined, everyField(unitType, ['rates', 'ranked', 'meanSatisfaction'])),
  ]);
}
