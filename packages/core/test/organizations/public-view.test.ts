/**
 * public-view.ts (docs/domain.md §3: public views are built from a whitelist of non-personal
 * fields; §9: never put personal data in public or open-data views).
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_ORGANIZATION_FIELDS, toPublicOrganization } from '../../src/organizations/index.js';
import type { SocialOrganization } from '../../src/schema/index.js';

const row: SocialOrganization = {
  districtCode: '320505',
  id: 7,
  name: '狮山社区养老服务中心',
  legalStatus: 'registered',
  legalForm: 'social_service_agency',
  uscc: '52320505MJ00000170',
  usccOverrideReason: '历史档案代码',
  category: 'services',
  serviceDomains: ['elderly'],
  communityId: 3,
  guidingUnitCode: null,
  registeredOn: '2020-05-01',
  status: 'active',
  deregisteredOn: null,
  version: 4,
  createdAt: '2020-05-01T08:00:00+08:00',
  updatedAt: '2024-05-01T08:00:00+08:00',
};

describe('toPublicOrganization', () => {
  it('keeps exactly the whitelisted fields, with their values', () => {
    const view = toPublicOrganization(row);
    expect(Object.keys(view).sort()).toEqual([...PUBLIC_ORGANIZATION_FIELDS].sort());
    for (const field of PUBLIC_ORGANIZATION_FIELDS) expect(view[field]).toEqual(row[field]);
  });

  it('leaves out the internal fields of the row (override reason, ids, versions, timestamps)', () => {
    const view = toPublicOrganization(row) as Record<string, unknown>;
    for (const field of [
      'usccOverrideReason',
      'communityId',
      'guidingUnitCode',
      'version',
      'createdAt',
      'updatedAt',
    ]) {
      expect(view).not.toHaveProperty(field);
    }
  });

  it('a field added to the row later (say, a contact mobile or a legal representative ID) does not leak', () => {
    const widened = {
      ...row,
      contactMobile: '13812345678',
      legalRepresentativeResidentId: '320505199001011234',
    };
    const view = toPublicOrganization(widened);
    expect(view).not.toHaveProperty('contactMobile');
    expect(view).not.toHaveProperty('legalRepresentativeResidentId');
    expect(JSON.stringify(view)).not.toContain('13812345678');
    expect(JSON.stringify(view)).not.toContain('320505199001011234');
  });

  it('copies the service domains, so editing the view does not edit the row', () => {
    const source = { ...row, serviceDomains: ['elderly', 'children'] };
    const view = toPublicOrganization(source);
    view.serviceDomains.push('youth');
    expect(source.serviceDomains).toEqual(['elderly', 'children']);
  });

  it('the whitelist names no personal or internal field', () => {
    expect(PUBLIC_ORGANIZATION_FIELDS).not.toContain('usccOverrideReason');
    expect(PUBLIC_ORGANIZATION_FIELDS).toEqual([
      'id',
      'districtCode',
      'name',
      'legalStatus',
      'legalForm',
      'uscc',
      'category',
      'serviceDomains',
      'registeredOn',
      'status',
      'deregisteredOn',
    ]);
  });
});
