import type { IndicatorValue } from '@sanshe/core';
import { builder } from '../../builder.js';
import { type CityIndicator, sumIndicators } from '../../gateway/fan-out-indicators.js';
import { routeExtension } from '../../gateway/routes.js';

const IndicatorLevelEnum = builder.enumType('IndicatorLevel', {
  values: {
    DISTRICT: { value: 'district' },
    SUBDISTRICT: { value: 'subdistrict' },
    COMMUNITY: { value: 'community' },
  } as const,
});

const IndicatorValueRef = builder.objectRef<IndicatorValue>('IndicatorValue').implement({
  description:
    'One indicator for one unit on one reference date. Numerator and denominator are given so that values ' +
    'add up across units and districts: a ratio over several units is Σ numerators / Σ denominators, never an average of ratios.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'e.g. organizations_per_10k_residents.' }),
    unitCode: t.exposeString('unitCode'),
    level: t.field({ type: IndicatorLevelEnum, resolve: (value) => value.level }),
    on: t.field({ type: 'Date', description: 'The reference date.', resolve: (value) => value.on }),
    numerator: t.exposeFloat('numerator'),
    denominator: t.exposeFloat('denominator'),
    scale: t.exposeInt('scale', { description: '1, or 10000 for a "per 10,000 residents" figure.' }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'numerator / denominator × scale; null when the denominator is 0.',
    }),
    target: t.exposeFloat('target', {
      nullable: true,
      description: 'The policy target, where there is one.',
    }),
    targetSource: t.exposeString('targetSource', { nullable: true }),
    numeratorDefinition: t.exposeString('numeratorDefinition'),
    denominatorDefinition: t.exposeString('denominatorDefinition'),
  }),
});

const UnitIndicatorsRef = builder
  .objectRef<{
    unitCode: string;
    unitName: string;
    level: IndicatorValue['level'];
    indicators: IndicatorValue[];
  }>('UnitIndicators')
  .implement({
    description: 'The indicators of one unit.',
    fields: (t) => ({
      unitCode: t.exposeString('unitCode'),
      unitName: t.exposeString('unitName'),
      level: t.field({ type: IndicatorLevelEnum, resolve: (value) => value.level }),
      indicators: t.field({ type: [IndicatorValueRef], resolve: (value) => value.indicators }),
    }),
  });

const CityIndicatorValueRef = builder.objectRef<CityIndicator>('CityIndicatorValue').implement({
  description:
    'One indicator over every district the gateway serves: numerators and denominators summed, the ratio computed once from the sums (never an average of the districts’ ratios). Targets are set per district and are not summed.',
  fields: (t) => ({
    key: t.exposeString('key'),
    on: t.field({ type: 'Date', description: 'The reference date.', resolve: (value) => value.on }),
    numerator: t.exposeFloat('numerator'),
    denominator: t.exposeFloat('denominator'),
    scale: t.exposeInt('scale'),
    value: t.exposeFloat('value', { nullable: true, description: 'Σ numerators / Σ denominators × scale.' }),
    districts: t.exposeStringList('districts', {
      description: 'The districts counted; one that did not answer is missing here and named in an error.',
    }),
    numeratorDefinition: t.exposeString('numeratorDefinition'),
    denominatorDefinition: t.exposeString('denominatorDefinition'),
  }),
});

const byUnitCode = routeExtension({ kind: 'code', argPath: ['unitCode'] });

builder.queryFields((t) => ({
  indicators: t.field({
    type: [IndicatorValueRef],
    description:
      'The three-society indicators (docs/domain.md §10) of a district, subdistrict or community on a reference date (default today).',
    args: {
      unitCode: t.arg.string({
        required: true,
        description: 'A district (6), subdistrict (9) or community (12) code.',
      }),
      on: t.arg({ type: 'Date' }),
    },
    extensions: byUnitCode,
    resolve: (_root, args, ctx) =>
      ctx.indicators.indicatorsFor({ unitCode: args.unitCode, ...(args.on ? { on: args.on } : {}) }),
  }),
  cityIndicators: t.field({
    type: [CityIndicatorValueRef],
    description:
      'The three-society indicators over every district this gateway serves (a city over its districts), added up from each district’s numerators and denominators.',
    args: { on: t.arg({ type: 'Date' }) },
    extensions: routeExtension({ kind: 'fanOutIndicators' }),
    resolve: async (_root, args, ctx) => {
      const districtCode = ctx.district.districtCode;
      const values = await ctx.indicators.indicatorsFor({
        unitCode: districtCode,
        ...(args.on ? { on: args.on } : {}),
      });
      return sumIndicators(values.map((value) => ({ ...value, districts: [districtCode] })));
    },
  }),
  indicatorsByChildUnit: t.field({
    type: [UnitIndicatorsRef],
    description:
      'The same indicators for each unit one level down: per subdistrict of a district, per community of a subdistrict.',
    args: {
      unitCode: t.arg.string({ required: true, description: 'A district (6) or subdistrict (9) code.' }),
      on: t.arg({ type: 'Date' }),
    },
    extensions: byUnitCode,
    resolve: (_root, args, ctx) =>
      ctx.indicators.indicatorsByChildUnit({ unitCode: args.unitCode, ...(args.on ? { on: args.on } : {}) }),
  }),
}));
