import { isPolicyKey, type PolicyKey, policyDefinitions, SansheError } from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { byInputDivisionCode } from '../mutation-routes.js';

/**
 * Policy tables over GraphQL: what value is in force for a unit on a day (with the document it
 * comes from), and setting a district's or subdistrict's own value from a day on. Values are
 * JSON text because each policy has its own shape; core validates it against the policy.
 */
const PolicyKeyEnum = builder.enumType('PolicyKey', {
  description: 'The policies sanshe knows.',
  values: Object.fromEntries(
    Object.entries(policyDefinitions).map(([key, definition]) => [
      key.toUpperCase().replace(/\./g, '__'),
      { value: key as PolicyKey, description: definition.description },
    ]),
  ) as Record<string, { value: PolicyKey; description: string }>,
});

interface PolicyValueView {
  key: string;
  jurisdictionCode: string | null;
  effectiveFrom: string;
  value: unknown;
  source: string;
}

const PolicyValueRef = builder.objectRef<PolicyValueView>('PolicyValue').implement({
  description: 'A policy value and where it comes from.',
  fields: (t) => ({
    key: t.field({ type: PolicyKeyEnum, resolve: (v) => v.key as PolicyKey }),
    jurisdictionCode: t.exposeString('jurisdictionCode', {
      nullable: true,
      description: 'The district or subdistrict that set it; null for the national default.',
    }),
    effectiveFrom: t.field({ type: 'Date', resolve: (v) => v.effectiveFrom }),
    valueJson: t.string({ description: 'The value as JSON text.', resolve: (v) => JSON.stringify(v.value) }),
    source: t.exposeString('source', { description: 'The document that set the value.' }),
  }),
});

builder.queryField('policyInForce', (t) =>
  t.field({
    type: PolicyValueRef,
    nullable: true,
    description:
      'The value of a policy in force for a unit on a day (default today); null when nobody set it.',
    args: {
      key: t.arg({ type: PolicyKeyEnum, required: true }),
      unitCode: t.arg.string({ required: true, description: 'A district, subdistrict or community code.' }),
      on: t.arg({ type: 'Date' }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['unitCode'] }),
    resolve: async (_root, args, ctx) => {
      const value = await ctx.policies.valueInForce(args.key, args.unitCode, args.on ?? undefined);
      return value ? { ...value, key: args.key } : null;
    },
  }),
);

const SetPolicyInput = builder.inputType('SetPolicyInput', {
  fields: (t) => ({
    key: t.field({ type: PolicyKeyEnum, required: true }),
    jurisdictionCode: t.string({ required: true, description: 'The district (6) or a subdistrict (9).' }),
    effectiveFrom: t.field({
      type: 'Date',
      required: true,
      description: 'Today or later: the past is never rewritten.',
    }),
    valueJson: t.string({
      required: true,
      description: 'The value as JSON, e.g. {"assistant":100,"intermediate":300,"senior":500}.',
    }),
    source: t.string({ required: true, description: 'The document that sets it (a notice number).' }),
  }),
});

defineMutation('setPolicy', {
  type: PolicyValueRef,
  description: 'Set a local policy value from a day on (today or later).',
  input: SetPolicyInput,
  route: byInputDivisionCode('jurisdictionCode'),
  resolve: async (input, ctx) => {
    if (!isPolicyKey(input.key))
      throw new SansheError('VALIDATION_FAILED', 'Unknown policy.', { path: ['input', 'key'] });
    let value: unknown;
    try {
      value = JSON.parse(input.valueJson.slice(0, 10_000));
    } catch {
      throw new SansheError('VALIDATION_FAILED', 'valueJson is not JSON.', {
        path: ['input', 'valueJson'],
      });
    }
    const row = await ctx.policies.setPolicy({
      key: input.key,
      jurisdictionCode: input.jurisdictionCode,
      effectiveFrom: input.effectiveFrom,
      value: value as never,
      source: input.source,
    });
    return {
      key: row.policyKey,
      jurisdictionCode: row.jurisdictionCode,
      effectiveFrom: row.effectiveFrom,
      value: row.value,
      source: row.source,
    };
  },
});
