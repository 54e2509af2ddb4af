/**
 * Monthly allowances of certified social workers (docs/domain.md §4: "subsidies by level are local:
 * … monthly allowances (e.g. 100/300/500 yuan) … policy tables per jurisdiction with effective
 * dates"). There is no national amount: a district (or one of its subdistricts) sets the policy
 * 'social_worker.monthly_allowance_yuan'.
 */
import type { PolicyService } from '../policies/policy-service.js';
import { type CertificationHistory, certifiedLevelOn } from './certification.js';
import type { SocialWorkerLevel } from './code-lists.js';

/** The allowance a worker is due for a day's month, and the document that sets it. */
export interface MonthlyAllowance {
  /** The highest level the worker is certified at on the day. */
  level: SocialWorkerLevel;
  amountYuan: number;
  source: string;
}

/**
 * The monthly allowance of a worker on a day: the amount the policy in force for the worker's
 * unit (see `policyUnitOf`) that day gives their certified level. Null when the worker is not
 * certified that day: an expired registration earns nothing.
 *
 * @throws {SansheError} POLICY_NOT_SET when the worker is certified but no allowance policy is in
 * force for the unit on that day: "no allowance" and "allowance not decided" must not look alike.
 */
export async function monthlyAllowanceOn(input: {
  certification: CertificationHistory;
  unitCode: string;
  on: string;
  policies: Pick<PolicyService, 'requireValueInForce'>;
}): Promise<MonthlyAllowance | null> {
  const level = certifiedLevelOn(input.certification, input.on);
  if (level === null) return null;
  const policy = await input.policies.requireValueInForce(
    'social_worker.monthly_allowance_yuan',
    input.unitCode,
    input.on,
  );
  return { level, amountYuan: policy.value[level], source: policy.source };
}
