/**
 * isCertifiedOn / certifiedLevelOn (certification.ts). DOMAIN.md §4: "An expired registration
 * means the worker does not count as certified"; a registration is valid from its first to its
 * last day, both included.
 */
import { describe, expect, it } from 'vitest';
import {
  type CertificationHistory,
  certifiedLevelOn,
  isCertifiedOn,
} from '../../src/social-workers/index.js';

const intermediate = (...registrations: { validFrom: string; validUntil: string }[]) => ({
  level: 'intermediate' as const,
  registrations,
});

describe('isCertifiedOn (DOMAIN.md §4: an expired registration means not certified)', () => {
  const worker: CertificationHistory = {
    certificates: [intermediate({ validFrom: '2022-03-01', validUntil: '2025-02-28' })],
  };

  it('certified on the first day of the registration, not on the day before', () => {
    expect(isCertifiedOn(worker, '2022-03-01')).toBe(true);
    expect(isCertifiedOn(worker, '2022-02-28')).toBe(false);
  });

  it('certified on validUntil itself; lapsed, so not certified, on the day after', () => {
    expect(isCertifiedOn(worker, '2025-02-28')).toBe(true);
    expect(isCertifiedOn(worker, '2025-03-01')).toBe(false);
  });

  it('a renewal running on from the day after keeps the worker certified without a gap', () => {
    const renewed: CertificationHistory = {
      certificates: [
        intermediate(
          { validFrom: '2022-03-01', validUntil: '2025-02-28' },
          { validFrom: '2025-03-01', validUntil: '2028-02-29' },
        ),
      ],
    };
    for (const day of ['2025-02-28', '2025-03-01', '2028-02-29'])
      expect(isCertifiedOn(renewed, day)).toBe(true);
    expect(isCertifiedOn(renewed, '2028-03-01')).toBe(false);
  });

  it('a certificate never registered does not count, nor does having no certificate', () => {
    expect(isCertifiedOn({ certificates: [intermediate()] }, '2024-01-01')).toBe(false);
    expect(isCertifiedOn({ certificates: [] }, '2024-01-01')).toBe(false);
  });
});

describe('certifiedLevelOn (the highest level whose registration covers the day)', () => {
  const worker: CertificationHistory = {
    certificates: [
      { level: 'assistant', registrations: [{ validFrom: '2018-01-01', validUntil: '2026-12-31' }] },
      { level: 'senior', registrations: [{ validFrom: '2023-01-01', validUntil: '2025-12-31' }] },
      intermediate({ validFrom: '2020-01-01', validUntil: '2022-12-31' }),
    ],
  };

  it('picks senior over assistant when both are registered that day', () => {
    expect(certifiedLevelOn(worker, '2024-06-01')).toBe('senior');
  });

  it('falls back to a lower level when the higher registration has lapsed', () => {
    expect(certifiedLevelOn(worker, '2026-01-01')).toBe('assistant');
    expect(certifiedLevelOn(worker, '2021-06-01')).toBe('intermediate');
  });

  it('is null when nothing covers the day', () => {
    expect(certifiedLevelOn(worker, '2027-01-01')).toBeNull();
  });
});
