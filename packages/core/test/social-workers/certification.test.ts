/**
 * isCertifiedOn / certifiedLevelOn (certification.ts). docs/domain.md §4: "An expired registration
 * means the worker does not count as certified"; a registration is valid from its first to its
 * last day, both included.
 */
import { describe, expect, it } from 'vitest';
import { holdsCertificateOn } from '../../src/social-workers/certification.js';
import {
  type CertificationHistory,
  certifiedLevelOn,
  isCertifiedOn,
} from '../../src/social-workers/index.js';

const intermediate = (...registrations: { validFrom: string; validUntil: string }[]) => ({
  level: 'intermediate' as const,
  registrations,
});

describe('isCertifiedOn (docs/domain.md §4: an expired registration means not certified)', () => {
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

// Issue 16, "Rules to correct" 2, source docs/domain.md §4: "Practice reports count certificate holders
// (持证); registration is a separate fact: keep both."
describe('holdsCertificateOn (持证: a certificate passed, registered or not) beside isCertifiedOn (登记)', () => {
  const lapsed = {
    certificates: [
      {
        level: 'assistant',
        passedOn: '2018-06-24',
        registrations: [{ validFrom: '2018-09-01', validUntil: '2021-08-31' }],
      },
    ],
  };
  it('a holder whose registration lapsed still holds the certificate, but is not certified', () => {
    expect(holdsCertificateOn(lapsed, '2024-01-01')).toBe(true);
    expect(isCertifiedOn(lapsed, '2024-01-01')).toBe(false);
  });
  it('holds from the day the examination was passed, before any registration', () => {
    expect(holdsCertificateOn(lapsed, '2018-06-23')).toBe(false);
    expect(holdsCertificateOn(lapsed, '2018-06-24')).toBe(true);
    expect(isCertifiedOn(lapsed, '2018-06-24')).toBe(false);
  });
  it('no certificate, no holder', () => {
    expect(holdsCertificateOn({ certificates: [] }, '2024-01-01')).toBe(false);
  });
});
