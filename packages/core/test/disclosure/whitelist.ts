/**
 * Holds a public view to PUBLIC_PROJECT_FIELDS: every object of the view has exactly the fields
 * listed for its kind, nested objects are of the kinds below, and every other value is plain (a
 * string, a number, null, or a list of those). Not a test file.
 */
import { expect } from 'vitest';
import { PUBLIC_PROJECT_FIELDS } from '../../src/disclosure/index.js';

type Kind = keyof typeof PUBLIC_PROJECT_FIELDS;

/** The fields of each kind that hold an object (or a list of them), and of which kind. */
const nested: { [K in Kind]?: Partial<Record<(typeof PUBLIC_PROJECT_FIELDS)[K][number], Kind>> } = {
  project: {
    unit: 'unit',
    communitiesServed: 'unit',
    budget: 'budget',
    indicators: 'indicator',
    needsAnswered: 'need',
    purchase: 'purchase',
    funding: 'funding',
    evaluations: 'evaluation',
    satisfaction: 'satisfaction',
  },
  budget: { lines: 'budgetLine' },
  need: { community: 'unit' },
  purchase: { purchaser: 'unit', stages: 'purchaseStage', undertaker: 'undertaker', contract: 'contract' },
  contract: { tranches: 'tranche' },
  funding: { bySource: 'fundingSource' },
  satisfaction: { scoreCounts: 'scoreCount' },
};

const isPlain = (value: unknown) =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Every object of the view has exactly its kind's whitelisted fields; returns the kinds met. */
export function expectWhitelisted(
  value: unknown,
  kind: Kind = 'project',
  path: string = kind,
  met: Set<Kind> = new Set(),
): Set<Kind> {
  met.add(kind);
  expect(value, path).toBeTypeOf('object');
  const object = value as Record<string, unknown>;
  expect(Object.keys(object).sort(), path).toEqual([...PUBLIC_PROJECT_FIELDS[kind]].sort());
  const children = (nested[kind] ?? {}) as Record<string, Kind>;
  for (const [field, child] of Object.entries(object)) {
    const at = `${path}.${field}`;
    const childKind = children[field];
    if (childKind === undefined) {
      const plain = Array.isArray(child) ? child.every(isPlain) : isPlain(child);
      expect(plain, `${at} is a plain value`).toBe(true);
    } else if (Array.isArray(child)) {
      child.forEach((item, i) => {
        expectWhitelisted(item, childKind, `${at}[${i}]`, met);
      });
    } else if (child !== null) {
      expectWhitelisted(child, childKind, at, met);
    }
  }
  return met;
}
