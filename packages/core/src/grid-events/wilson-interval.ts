/**
 * The Wilson score interval of a proportion (docs/domain.md §7.9), pure: the interval the true
 * rate lies in, at a confidence, given `successes` out of `trials`. Wilson, E. B. (1927),
 * "Probable inference, the law of succession, and statistical inference", Journal of the American
 * Statistical Association 22: 209–212. Unlike the plain proportion (and its normal-approximation
 * interval), it stays inside 0–1 and widens for few trials, so ranking units by its lower bound
 * keeps a unit with one lucky event from topping a ranking: 1 out of 1 has a lower bound of
 * 0.21 at 95 %, 18 out of 20 one of 0.70.
 */

/** The confidences policy `grid.assessment` admits. */
export type ConfidencePercent = 80 | 90 | 95 | 99;

/**
 * The two-sided standard normal quantile z (1 − α/2) of each confidence, to 16 digits (the inverse
 * normal distribution; any statistical table gives the first four: 1.2816, 1.6449, 1.9600, 2.5758).
 */
export const normalQuantileOf: Readonly<Record<ConfidencePercent, number>> = Object.freeze({
  80: 1.2815515655446004,
  90: 1.6448536269514722,
  95: 1.959963984540054,
  99: 2.5758293035489004,
});

export interface WilsonInterval {
  lower: number;
  upper: number;
}

/**
 * The interval, or null when there are no trials (a rate of nothing is unknown, not 0).
 *
 * @throws {RangeError} for counts that are not whole numbers with 0 ≤ successes ≤ trials.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  confidencePercent: ConfidencePercent = 95,
): WilsonInterval | null {
  if (
    !Number.isSafeInteger(successes) ||
    !Number.isSafeInteger(trials) ||
    successes < 0 ||
    successes > trials
  ) {
    throw new RangeError(
      `A proportion is 0 ≤ successes ≤ trials in whole numbers, not ${successes}/${trials}.`,
    );
  }
  const z = normalQuantileOf[confidencePercent];
  if (z === undefined) throw new RangeError(`No quantile for a confidence of ${confidencePercent} %.`);
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At p = 0 or 1 the bound is 0 or 1 exactly; floating point may land a hair outside.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === trials ? 1 : Math.min(1, centre + halfWidth),
  };
}
