import {
  type CalendarDayEntry,
  type CalendarDayKind,
  type CalendarOfYear,
  type CalendarYearDay,
  calendarDayKinds,
} from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { codeListEnum } from '../code-list-enum.js';
import { atArguments, requireOwnDistrict } from '../grid-plan/argument-paths.js';
import { assertOwnDistrict, byInputDivisionCode } from '../mutation-routes.js';

/**
 * The district's working-day calendar in the API (docs/domain.md §7.6) over core's calendar
 * service: a year's holidays and exchanged working days (the national arrangement sanshe ships,
 * with the district's entries over it), whether a day is worked, the day a limit of working days
 * ends on, and the district's edits (`calendar.edit`: city and district administrators). Reads
 * are public: the holiday arrangement is. Every field is routed by the district's code.
 */

const byDistrictCode = routeExtension({ kind: 'code', argPath: ['districtCode'] });

const CalendarDayKindEnum = codeListEnum(
  'CalendarDayKind',
  'What a calendar entry says of its day: a holiday (a day off), a weekend day worked in exchange (调休上班), or back to the weekday rule.',
  calendarDayKinds,
);

const CalendarOriginEnum = builder.enumType('CalendarOrigin', {
  description: 'Where a calendar entry or a year’s arrangement comes from.',
  values: {
    NATIONAL: {
      value: 'national',
      description: 'The national arrangement sanshe ships (国务院办公厅关于部分节假日安排的通知).',
    },
    DISTRICT: {
      value: 'district',
      description: 'The district’s own entry or declaration, over the national one.',
    },
  } as const,
});

const CalendarYearDayRef = builder.objectRef<CalendarYearDay>('CalendarYearDay').implement({
  description:
    'A day of a year that is not simply a weekday worked or a weekend day off, all entries considered.',
  fields: (t) => ({
    day: t.field({ type: 'Date', description: 'The day.', resolve: (day) => day.day }),
    kind: t.field({
      type: CalendarDayKindEnum,
      description: 'What the entry says of the day.',
      resolve: (day) => day.kind,
    }),
    name: t.exposeString('name', { description: 'What the day is: 春节, 国庆节调休上班, a local holiday.' }),
    source: t.exposeString('source', { description: 'The notice the entry comes from.' }),
    origin: t.field({
      type: CalendarOriginEnum,
      description: 'The national arrangement, or the district’s entry over it.',
      resolve: (day) => day.origin,
    }),
    working: t.exposeBoolean('working', {
      description: 'Whether the day is worked, all entries considered.',
    }),
  }),
});

const WorkingCalendarYearRef = builder
  .objectRef<CalendarOfYear & { districtCode: string }>('WorkingCalendarYear')
  .implement({
    description:
      'A district’s working calendar for one year (docs/domain.md §7.6): whether the year is known (shipped nationally or declared by the district) and its holidays and exchanged working days. Deadlines counted through an unknown year count weekdays only and are marked provisional.',
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district (6 digits).' }),
      year: t.exposeInt('year', { description: 'The year.' }),
      known: t.exposeBoolean('known', {
        description:
          'Whether the year’s arrangement is known: shipped nationally or declared by the district.',
      }),
      origin: t.field({
        type: CalendarOriginEnum,
        nullable: true,
        description: 'Where the year’s arrangement comes from; null for an unknown year.',
        resolve: (year) => year.origin,
      }),
      source: t.exposeString('source', {
        nullable: true,
        description: 'The notice of the year (national, or the one the district declared it from).',
      }),
      declaredOn: t.field({
        type: 'Date',
        nullable: true,
        description: 'The day the district declared the year, when it did.',
        resolve: (year) => year.declared?.declaredOn ?? null,
      }),
      days: t.field({
        type: [CalendarYearDayRef],
        description: 'The national entries and the district’s entries over them, by day.',
        resolve: (year) => year.days,
      }),
    }),
  });

const WorkingDayCountRef = builder
  .objectRef<{ start: string; days: number; day: string; provisional: boolean }>('WorkingDayCount')
  .implement({
    description: 'The day a limit of working days counted from a start ends on.',
    fields: (t) => ({
      start: t.field({ type: 'Date', description: 'The day counted from.', resolve: (count) => count.start }),
      days: t.exposeInt('days', { description: 'The working days counted.' }),
      day: t.field({
        type: 'Date',
        description:
          'The day the limit ends on (0 days: the start when it is worked, else the next working day).',
        resolve: (count) => count.day,
      }),
      provisional: t.exposeBoolean('provisional', {
        description:
          'A day counted lies in a year not known: weekdays only were counted, holidays may move it.',
      }),
    }),
  });

const CalendarDayEntryRef = builder
  .objectRef<CalendarDayEntry & { districtCode: string }>('CalendarDayEntry')
  .implement({
    description: 'The district’s own entry for a day, over the national arrangement.',
    fields: (t) => ({
      districtCode: t.exposeString('districtCode', { description: 'The district (6 digits).' }),
      day: t.field({ type: 'Date', description: 'The day.', resolve: (entry) => entry.day }),
      kind: t.field({
        type: CalendarDayKindEnum,
        description: 'What the entry says of the day.',
        resolve: (entry) => entry.kind,
      }),
      name: t.exposeString('name', { description: 'What the day is.' }),
      source: t.exposeString('source', { description: 'The notice the entry comes from.' }),
      version: t.exposeInt('version', {
        description: 'Increases with every change; pass it as expectedVersion to change the entry safely.',
      }),
      working: t.boolean({
        description: 'Whether the day is now worked on the district’s calendar.',
        resolve: (entry, _args, ctx) => ctx.calendar.isWorkingDay(entry.day),
      }),
    }),
  });

const CalendarYearDeclarationRef = builder
  .objectRef<{ districtCode: string; year: number; source: string; declaredOn: string; days: number }>(
    'CalendarYearDeclaration',
  )
  .implement({
    description: 'A year the district declared whole, from its notice.',
    fields: (t) => ({
      year: t.exposeInt('year', { description: 'The year declared.' }),
      source: t.exposeString('source', { description: 'The notice the year was declared from.' }),
      declaredOn: t.field({
        type: 'Date',
        description: 'The day it was declared.',
        resolve: (declaration) => declaration.declaredOn,
      }),
      entries: t.int({
        description: 'The days written as the district’s entries.',
        resolve: (declaration) => declaration.days,
      }),
      calendar: t.field({
        type: WorkingCalendarYearRef,
        description: 'The year’s calendar as it now stands.',
        resolve: async (declaration, _args, ctx) => ({
          ...(await ctx.calendar.calendarOf(declaration.year)),
          districtCode: declaration.districtCode,
        }),
      }),
    }),
  });

builder.queryFields((t) => ({
  workingCalendar: t.field({
    type: WorkingCalendarYearRef,
    nullable: true,
    description:
      'A district’s working calendar for a year: whether it is known and from which notice, and its holidays and exchanged working days (public). Null for a district the gateway does not serve.',
    args: {
      districtCode: t.arg.string({ required: true, description: 'The district (6 digits).' }),
      year: t.arg.int({ required: true, description: 'A year from 2000 to 2100.' }),
    },
    extensions: byDistrictCode,
    resolve: async (_root, args, ctx) => {
      requireOwnDistrict(args.districtCode, ctx);
      return { ...(await ctx.calendar.calendarOf(args.year)), districtCode: ctx.district.districtCode };
    },
  }),
  isWorkingDay: t.boolean({
    nullable: true,
    description:
      'Whether a day is worked on the district’s calendar (public). Null for a district the gateway does not serve.',
    args: {
      districtCode: t.arg.string({ required: true, description: 'The district (6 digits).' }),
      day: t.arg({ type: 'Date', required: true, description: 'A day of 2000–2100.' }),
    },
    extensions: byDistrictCode,
    resolve: (_root, args, ctx) => {
      requireOwnDistrict(args.districtCode, ctx);
      return ctx.calendar.isWorkingDay(args.day);
    },
  }),
  addWorkingDays: t.field({
    type: WorkingDayCountRef,
    nullable: true,
    description:
      'The day a limit of working days counted from a start ends on, on the district’s calendar (how event deadlines are counted; public). Null for a district the gateway does not serve.',
    args: {
      districtCode: t.arg.string({ required: true, description: 'The district (6 digits).' }),
      start: t.arg({
        type: 'Date',
        required: true,
        description: 'The day counted from (a day of dispatch).',
      }),
      days: t.arg.int({
        required: true,
        description: 'Working days, 0 to 250 (0: the same day when worked).',
      }),
    },
    extensions: byDistrictCode,
    resolve: async (_root, args, ctx) => {
      requireOwnDistrict(args.districtCode, ctx);
      const counted = await atArguments(() => ctx.calendar.addWorkingDays(args.start, args.days), {
        workingDays: 'days',
      });
      return { start: args.start, days: args.days, ...counted };
    },
  }),
}));

const SetCalendarDayInput = builder.inputType('SetCalendarDayInput', {
  description: 'The district’s entry for one day.',
  fields: (t) => ({
    districtCode: t.string({ required: true, description: 'The district (6 digits).' }),
    day: t.field({ type: 'Date', required: true, description: 'A day of 2000–2100.' }),
    kind: t.field({
      type: CalendarDayKindEnum,
      required: true,
      description:
        'HOLIDAY (a day off), WORKDAY (a Saturday or Sunday worked in exchange) or ORDINARY (the weekday rule).',
    }),
    name: t.string({
      required: true,
      description: 'What the day is: 春节, a local holiday (at most 50 characters).',
    }),
    source: t.string({
      required: true,
      description: 'The notice the entry comes from (at most 200 characters).',
    }),
    expectedVersion: t.int({
      description:
        'The version of the entry read; 0 when none is expected yet. The change applies only then.',
    }),
  }),
});

const CalendarDayInput = builder.inputType('CalendarDayInput', {
  description: 'One holiday or exchanged working day of a year declared whole.',
  fields: (t) => ({
    day: t.field({ type: 'Date', required: true, description: 'A day of the year declared.' }),
    kind: t.field({
      type: CalendarDayKindEnum,
      required: true,
      description: 'HOLIDAY (a day off) or WORKDAY (a Saturday or Sunday worked in exchange).',
    }),
    name: t.string({ required: true, description: 'What the day is (at most 50 characters).' }),
  }),
});

const DeclareCalendarYearInput = builder.inputType('DeclareCalendarYearInput', {
  description: 'A whole year’s arrangement, from its notice.',
  fields: (t) => ({
    districtCode: t.string({ required: true, description: 'The district (6 digits).' }),
    year: t.int({
      required: true,
      description: 'A year sanshe does not ship nationally (2027 on), 2000–2100.',
    }),
    source: t.string({
      required: true,
      description: 'The notice that arranges the year (国务院办公厅关于2027年部分节假日安排的通知).',
    }),
    days: t.field({
      type: [CalendarDayInput],
      required: true,
      description:
        'The year’s holidays (every day off, weekend days inside a holiday included) and exchanged working days: 1 to 366, each in the year, none twice.',
    }),
  }),
});

defineMutation('setCalendarDay', {
  type: CalendarDayEntryRef,
  description:
    'Add or change the district’s entry for a day (a local holiday, a day worked in exchange, or back to the weekday rule). Applies to deadlines set from then on; a deadline already set keeps its day.',
  input: SetCalendarDayInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const entry = await ctx.calendar.setCalendarDay({
      day: input.day,
      kind: input.kind as CalendarDayKind,
      name: input.name,
      source: input.source,
      ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
    });
    return { ...entry, districtCode: ctx.district.districtCode };
  },
});

defineMutation('declareCalendarYear', {
  type: CalendarYearDeclarationRef,
  description:
    'Enter a whole year’s arrangement, for a year whose national notice sanshe does not ship: its days become the district’s entries and deadlines in it are no longer provisional.',
  input: DeclareCalendarYearInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const declared = await ctx.calendar.declareCalendarYear({
      year: input.year,
      source: input.source,
      days: input.days.map((day) => ({ day: day.day, kind: day.kind as CalendarDayKind, name: day.name })),
    });
    return { ...declared, districtCode: ctx.district.districtCode };
  },
});
