/**
 * Which value of a policy is in force (a pure rule, docs/architecture.md §2 "policies"): the most
 * specific jurisdiction that has set the policy wins (subdistrict over district over national),
 * and within it the value with the latest effective date on or before the day asked about.
 */
export interface PolicyCandidate<T> {
  /** A subdistrict (9 digits), a district (6) or null for national. */
  jurisdictionCode: string | null;
  effectiveFrom: string;
  value: T;
  source: string;
}

export interface PolicyInForce<T> extends PolicyCandidate<T> {}

/** The jurisdictions that can set policy for a unit, most specific first, national last. */
export function jurisdictionChain(code: string): (string | null)[] {
  const chain: (string | null)[] = [];
  if (code.length >= 9) chain.push(code.slice(0, 9));
  if (code.length >= 6) chain.push(code.slice(0, 6));
  chain.push(null);
  return chain;
}

export function resolvePolicy<T>(
  candidates: readonly PolicyCandidate<T>[],
  unitCode: string,
  on: string,
): PolicyInForce<T> | undefined {
  for (const jurisdiction of jurisdictionChain(unitCode)) {
    let best: PolicyCandidate<T> | undefined;
    for (const candidate of candidates) {
      if (candidate.jurisdictionCode !== jurisdiction || candidate.effectiveFrom > on) continue;
      if (!best || candidate.effectiveFrom > best.effectiveFrom) best = candidate;
    }
    if (best) return best;
  }
  return undefined;
}
