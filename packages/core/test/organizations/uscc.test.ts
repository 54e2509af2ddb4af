/**
 * The unified social credit code of an organization (docs/domain.md §3, GB 32100-2015): strict by
 * default, an audited override with a reason for a legacy code whose check character is wrong,
 * issued by civil affairs for the legal form, required when registered, refused when filed,
 * unique in the district.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService, RegisterOrganizationInput } from '../../src/organizations/index.js';
import { parseUscc } from '../../src/validators/index.js';
import {
  auditOf,
  CODES,
  createOrganizationFixture,
  expectRefused,
  makeUscc,
  type OrganizationFixture,
  withWrongCheckCharacter,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
});

afterAll(async () => {
  await f?.database.close();
});

const USCC = ['input', 'uscc'];
const REASON = ['input', 'usccOverrideReason'];

function association(
  uscc: unknown,
  extra: Partial<RegisterOrganizationInput> = {},
): RegisterOrganizationInput {
  return {
    name: '狮山社区志愿者协会',
    legalForm: 'social_association',
    uscc: uscc as string,
    category: 'services',
    registeredOn: '2020-01-01',
    ...extra,
  };
}

describe('USCC_REQUIRED (docs/domain.md §3: a registered organization has a USCC)', () => {
  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['blank', '   '],
  ])('registerOrganization refuses a %s code', async (_label, uscc) => {
    await expectRefused(f.database, () => service.registerOrganization(association(uscc)), {
      code: 'USCC_REQUIRED',
      path: USCC,
    });
  });
});

describe('INVALID_USCC (GB 32100-2015, strict by default)', () => {
  const valid = makeUscc(100);
  it.each([
    ['17 characters', valid.slice(0, 17)],
    ['19 characters', `${valid}0`],
    ['a letter outside the alphabet (I)', `${valid.slice(0, 10)}I${valid.slice(11)}`],
    [
      'a wrong GB 11714 check in the embedded organization code',
      `${valid.slice(0, 16)}${valid.charAt(16) === '1' ? '2' : '1'}${valid.charAt(17)}`,
    ],
    ['an area that is no division code', `51990000${valid.slice(8)}`],
    ['a number', 51320505],
  ])('registerOrganization refuses a code with %s', async (_label, uscc) => {
    await expectRefused(f.database, () => service.registerOrganization(association(uscc)), {
      code: 'INVALID_USCC',
      path: USCC,
    });
  });

  it('a wrong check character alone is refused without a reason, and the error says an override is possible', async () => {
    const error = await expectRefused(
      f.database,
      () => service.registerOrganization(association(withWrongCheckCharacter(makeUscc(101)))),
      { code: 'INVALID_USCC', path: USCC, details: { checkCharacterOnly: true } },
    );
    expect(error.message).toContain('usccOverrideReason');
  });

  it('a blank reason is no reason', async () => {
    await expectRefused(
      f.database,
      () =>
        service.registerOrganization(
          association(withWrongCheckCharacter(makeUscc(102)), { usccOverrideReason: '  \u3000 ' }),
        ),
      { code: 'INVALID_USCC', path: USCC },
    );
  });

  it('a reason does not rescue any other fault than the check character', async () => {
    const valid = makeUscc(103);
    const badOrganizationCode = `${valid.slice(0, 16)}${valid.charAt(16) === '1' ? '2' : '1'}${valid.charAt(17)}`;
    await expectRefused(
      f.database,
      () =>
        service.registerOrganization(
          association(badOrganizationCode, { usccOverrideReason: '历史档案代码' }),
        ),
      { code: 'INVALID_USCC', path: USCC },
    );
  });
});

describe('the audited override (docs/domain.md §3: real records with bad check characters exist)', () => {
  it('records a legacy code with a wrong check character, its reason on the row and in the audit entry', async () => {
    const legacy = withWrongCheckCharacter(makeUscc(110));
    expect(parseUscc(legacy).success).toBe(false);
    const reason = '2016年换证档案所载代码，校验位与登记证书一致，待登记管理机关更正';
    const row = await service.registerOrganization(
      association(legacy, { usccOverrideReason: ` ${reason} ` }),
    );
    expect(row).toMatchObject({ uscc: legacy, usccOverrideReason: reason });
    const [entry] = await auditOf(f.database, 'social_organization', row.id);
    expect(entry).toMatchObject({
      action: 'organization.register',
      reason,
      after: { uscc: legacy, usccOverrideReason: reason },
    });
    expect((await service.findByUscc(legacy))?.id).toBe(row.id);
  });

  it('the overridden code still counts for duplicates', async () => {
    const legacy = withWrongCheckCharacter(makeUscc(111));
    await service.registerOrganization(association(legacy, { usccOverrideReason: '历史档案' }));
    await expectRefused(
      f.database,
      () => service.registerOrganization(association(legacy, { usccOverrideReason: '重复录入' })),
      { code: 'DUPLICATE_USCC', path: USCC },
    );
  });

  // Decision (organization-service.ts parseRegistrationUscc): a reason with a valid code would
  // mark the record as overridden when nothing was, so it is refused rather than dropped.
  it('a reason given with a valid code is refused (VALIDATION_FAILED), not silently dropped', async () => {
    await expectRefused(
      f.database,
      () => service.registerOrganization(association(makeUscc(112), { usccOverrideReason: '不需要' })),
      { code: 'VALIDATION_FAILED', path: REASON },
    );
  });

  it('a reason longer than 500 characters is refused', async () => {
    await expectRefused(
      f.database,
      () =>
        service.registerOrganization(
          association(withWrongCheckCharacter(makeUscc(113)), { usccOverrideReason: '因'.repeat(501) }),
        ),
      { code: 'VALIDATION_FAILED', path: REASON },
    );
  });

  it('a reason of exactly 500 characters is accepted', async () => {
    const row = await service.registerOrganization(
      association(withWrongCheckCharacter(makeUscc(114)), { usccOverrideReason: '因'.repeat(500) }),
    );
    expect(row.usccOverrideReason).toHaveLength(500);
  });
});

describe('USCC_MISMATCH (GB 32100-2015: position 1 = 5 civil affairs, position 2 = 1 社团, 2 民非, 3 基金会)', () => {
  it.each([
    ['market regulation (9), an enterprise', makeUscc(120, 'social_association', { authority: '9' })],
    ['institutional establishment (1)', makeUscc(121, 'social_association', { authority: '1' })],
    ['civil affairs, category 9 (other)', makeUscc(122, 'social_association', { category: '9' })],
  ])('a social association refuses a code of %s', async (_label, uscc) => {
    expect(parseUscc(uscc).success).toBe(true);
    await expectRefused(f.database, () => service.registerOrganization(association(uscc)), {
      code: 'USCC_MISMATCH',
      path: USCC,
    });
  });

  it.each([
    ['social_association', 'social_service_agency'],
    ['social_association', 'foundation'],
    ['social_service_agency', 'social_association'],
    ['foundation', 'social_service_agency'],
  ] as const)('a %s code does not register a %s', async (codeForm, legalForm) => {
    await expectRefused(
      f.database,
      () => service.registerOrganization(association(makeUscc(123, codeForm), { legalForm })),
      { code: 'USCC_MISMATCH', path: USCC },
    );
  });

  it('the override does not lift the mismatch', async () => {
    const uscc = withWrongCheckCharacter(makeUscc(124, 'foundation'));
    await expectRefused(
      f.database,
      () => service.registerOrganization(association(uscc, { usccOverrideReason: '历史档案' })),
      { code: 'USCC_MISMATCH', path: USCC },
    );
  });
});

describe('DUPLICATE_USCC (one organization per code in the district)', () => {
  it('refuses a second registration with the same code, in any case', async () => {
    const uscc = makeUscc(130);
    await service.registerOrganization(association(uscc));
    for (const again of [uscc, uscc.toLowerCase()]) {
      await expectRefused(
        f.database,
        () => service.registerOrganization(association(again, { name: '另一个协会' })),
        { code: 'DUPLICATE_USCC', path: USCC },
      );
    }
  });

  it('the same organization code under another legal form is another USCC, and is accepted', async () => {
    const row = await service.registerOrganization(
      association(makeUscc(130, 'social_service_agency'), { legalForm: 'social_service_agency' }),
    );
    expect(row.legalForm).toBe('social_service_agency');
  });
});

describe('USCC_NOT_ALLOWED (docs/domain.md §3: a filed group has no legal personality and no USCC)', () => {
  it.each([
    ['a valid code', makeUscc(140)],
    ['an invalid code', 'ABC'],
    ['a number', 12345],
  ])('fileCommunityGroup refuses %s', async (_label, uscc) => {
    await expectRefused(
      f.database,
      () =>
        service.fileCommunityGroup({
          name: '广场舞队',
          category: 'culture_sport',
          guidingUnitCode: CODES.urban,
          uscc: uscc as string,
        }),
      { code: 'USCC_NOT_ALLOWED', path: USCC },
    );
  });

  it('fileCommunityGroup refuses an override reason', async () => {
    await expectRefused(
      f.database,
      () =>
        service.fileCommunityGroup({
          name: '广场舞队',
          category: 'culture_sport',
          guidingUnitCode: CODES.urban,
          usccOverrideReason: '历史档案',
        } as Parameters<OrganizationService['fileCommunityGroup']>[0]),
      { code: 'USCC_NOT_ALLOWED', path: REASON },
    );
  });

  it('fileCommunityGroup refuses a legal form (VALIDATION_FAILED)', async () => {
    await expectRefused(
      f.database,
      () =>
        service.fileCommunityGroup({
          name: '广场舞队',
          category: 'culture_sport',
          guidingUnitCode: CODES.urban,
          legalForm: 'social_association',
        } as Parameters<OrganizationService['fileCommunityGroup']>[0]),
      { code: 'VALIDATION_FAILED', path: ['input', 'legalForm'] },
    );
  });
});
