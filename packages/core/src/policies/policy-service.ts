import { and, eq, or } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { DistrictDatabase } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { type PolicyValueRow, policyValues } from '../schema/policies.js';
import { createServiceKit } from '../services/service-kit.js';
import { parseIsoDate } from '../validators/text.js';
import {
  isPolicyKey,
  type PolicyDefinition,
  type PolicyKey,
  type PolicyValueOf,
  policyDefinitions,
} from './policy-keys.js';
import { jurisdictionChain, type PolicyInForce, resolvePolicy } from './resolve-policy.js';

export interface SetPolicyInput<K extends PolicyKey> {
  key: K;
  /** The district (6 digits) or one of its subdistricts (9 digits). */
  jurisdictionCode: string;
  /** From this day on; never before today, so decisions already taken keep their basis. */
  effectiveFrom: string;
  value: PolicyValueOf<K>;
  /** The document that sets the value (e.g. a bureau notice number). */
  source: string;
}

export interface PolicyServiceOptions {
  today?: () => string;
  /** Who sets policies through this service; recorded in the audit log. */
  actor?: Actor;
}

/**
 * Jurisdiction-scoped, effective-dated policy values with national defaults. Rules read the
 * value in force for their unit and date; setting a policy only ever adds a value from a day
 * not yet past, so history is never rewritten.
 */
export function createPolicyService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: PolicyServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, today, unwrap } = kit;

  function definitionOf(key: unknown) {
    if (!isPolicyKey(key)) {
      throw new SansheError('VALIDATION_FAILED', `Unknown policy "${String(key).slice(0, 64)}".`, {
        path: ['input', 'key'],
      });
    }
    return policyDefinitions[key];
  }

  const service = {
    /**
     * The value in force for a unit (a district, subdistrict or community code of this
     * district) on a day, with where it comes from; undefined when no one has set the policy.
     */
    async valueInForce<K extends PolicyKey>(
      key: K,
      unitCode: string,
      on: string = today(),
    ): Promise<PolicyInForce<PolicyValueOf<K>> | undefined> {
      const definition = definitionOf(key);
      const day = unwrap(parseIsoDate(on, { path: ['on'] }));
      if (!/^\d{6}(\d{3}){0,2}$/.test(unitCode) || unitCode.slice(0, 6) !== districtCode) {
        throw new SansheError(
          'CODE_OUTSIDE_DISTRICT',
          `Unit ${unitCode} is not a unit of district ${districtCode}.`,
          {
            path: ['unitCode'],
          },
        );
      }
      const local = jurisdictionChain(unitCode).filter((code): code is string => code !== null);
      const rows: PolicyValueRow[] = await db
        .select()
        .from(policyValues)
        .where(
          and(
            eq(policyValues.districtCode, districtCode),
            eq(policyValues.policyKey, key),
            or(...local.map((code) => eq(policyValues.jurisdictionCode, code))),
          ),
        );
      const candidates = [
        ...definition.nationalDefaults.map((entry) => ({ ...entry, jurisdictionCode: null })),
        ...rows.map((row) => ({
          jurisdictionCode: row.jurisdictionCode,
          effectiveFrom: row.effectiveFrom,
          value: row.value,
          source: row.source,
        })),
      ];
      return resolvePolicy(candidates, unitCode, day) as PolicyInForce<PolicyValueOf<K>> | undefined;
    },

    /** Like {@link valueInForce}, but a policy nobody has set is a typed POLICY_NOT_SET. */
    async requireValueInForce<K extends PolicyKey>(
      key: K,
      unitCode: string,
      on: string = today(),
    ): Promise<PolicyInForce<PolicyValueOf<K>>> {
      const value = await service.valueInForce(key, unitCode, on);
      if (!value) {
        throw new SansheError(
          'POLICY_NOT_SET',
          `Policy ${key} has no value in force for ${unitCode} on ${on}; the district sets it first.`,
          { details: { policyKey: key, unitCode, on } },
        );
      }
      return value;
    },

    /**
     * Set a local value from a day on.
     *
     * @throws {SansheError} VALIDATION_FAILED / INVALID_NUMBER for an unknown key or a value of
     * the wrong shape, CODE_OUTSIDE_DISTRICT for another district's jurisdiction,
     * INVALID_DATE_RANGE for a day already past, DUPLICATE_CODE when the same key, jurisdiction
     * and day is already set.
     */
    async setPolicy<K extends PolicyKey>(input: SetPolicyInput<K>): Promise<PolicyValueRow> {
      const definition: PolicyDefinition<unknown> = definitionOf(input.key);
      const value = unwrap(definition.parse(input.value));
      const effectiveFrom = unwrap(parseIsoDate(input.effectiveFrom, { path: ['input', 'effectiveFrom'] }));
      const jurisdictionCode = input.jurisdictionCode;
      if (!/^\d{6}(\d{3})?$/.test(jurisdictionCode) || jurisdictionCode.slice(0, 6) !== districtCode) {
        throw new SansheError(
          'CODE_OUTSIDE_DISTRICT',
          `Policy can be set for district ${districtCode} or one of its subdistricts, not for "${jurisdictionCode}".`,
          { path: ['input', 'jurisdictionCode'] },
        );
      }
      if (effectiveFrom < today()) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `A policy applies from today (${today()}) on, not from ${effectiveFrom}: past decisions keep the value they were taken under.`,
          { path: ['input', 'effectiveFrom'] },
        );
      }
      const source = typeof input.source === 'string' ? input.source.trim() : '';
      if (source.length === 0 || source.length > 200) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'Name the document that sets the policy (1 to 200 characters).',
          {
            path: ['input', 'source'],
          },
        );
      }
      kit.authorize('policy.set', { unitCode: jurisdictionCode.length === 6 ? null : jurisdictionCode });
      return kit.insertUnique(
        () =>
          db.transaction(async (tx) => {
            const [row] = await tx
              .insert(policyValues)
              .values({ districtCode, policyKey: input.key, jurisdictionCode, effectiveFrom, value, source })
              .returning();
            await kit.audit(tx, {
              action: 'policy.set',
              entityType: 'policy_value',
              entityId: row!.id,
              after: row!,
            });
            return row!;
          }),
        {
          code: 'DUPLICATE_CODE',
          message: `Policy ${input.key} is already set for ${jurisdictionCode} from ${effectiveFrom}; set it from another day.`,
          path: ['input', 'effectiveFrom'],
        },
      );
    },
  };
  return service;
}

export type PolicyService = ReturnType<typeof createPolicyService>;
