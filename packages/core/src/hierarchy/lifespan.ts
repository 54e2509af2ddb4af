/**
 * Rules about a unit's life (docs/domain.md §2: codes are republished yearly; units are merged,
 * renamed and revoked; a retired code stays valid in history). Pure functions, no I/O.
 */
export interface Lifespan {
  effectiveFrom: string;
  retiredOn: string | null;
}

/** A unit is in force on `date` from its effective date up to, not including, its retirement. */
export function isActiveOn(unit: Lifespan, date: string): boolean {
  return unit.effectiveFrom <= date && (unit.retiredOn === null || unit.retiredOn > date);
}
