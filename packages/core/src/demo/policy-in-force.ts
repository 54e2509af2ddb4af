import { type PolicyKey, type PolicyValueOf, policyDefinitions } from '../policies/policy-keys.js';
import { resolvePolicy } from '../policies/resolve-policy.js';
import type { policyValues } from '../schema/policies.js';

type NewPolicyValue = typeof policyValues.$inferInsert;

/**
 * The value of a policy in force for a unit on a day, as the policy service resolves it
 * (`resolvePolicy`: the most specific jurisdiction that set it, its latest value from a day on or
 * before): the district's own values in the plan, else sanshe's national default. Remembered,
 * since a district's year of events asks the same few questions thousands of times.
 */
export function createPolicyLookup(policyRows: readonly NewPolicyValue[]) {
  const answers = new Map<string, unknown>();
  return <K extends PolicyKey>(key: K, unitCode: string, day: string): PolicyValueOf<K> => {
    const memo = `${key}/${unitCode}/${day}`;
    if (answers.has(memo)) return answers.get(memo) as PolicyValueOf<K>;
    const national = (
      policyDefinitions[key].nationalDefaults as readonly {
        effectiveFrom: string;
        value: unknown;
        source: string;
      }[]
    ).map((entry) => ({ ...entry, jurisdictionCode: null }));
    const local = policyRows
      .filter((row) => row.policyKey === key)
      .map((row) => ({
        jurisdictionCode: row.jurisdictionCode ?? null,
        effectiveFrom: row.effectiveFrom,
        value: row.value,
        source: row.source,
      }));
    const resolved = resolvePolicy([...national, ...local], unitCode, day);
    if (!resolved) throw new Error(`Demo plan: no value of ${key} for ${unitCode} on ${day}`);
    answers.set(memo, resolved.value);
    return resolved.value as PolicyValueOf<K>;
  };
}
