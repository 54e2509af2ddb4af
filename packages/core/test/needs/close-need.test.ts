/**
 * Closing a need as met or withdrawn (docs/domain.md §6.1): met only once a project answers it,
 * withdrawn while open or answered, the day kept; every refusal with its code and path, and
 * nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import type { Need } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  DISTRICT,
  expectRefusal,
  needInput,
  projectInput,
  staff,
} from './fixture.js';

let fixture: ChainFixture;

beforeAll(async () => {
  fixture = await createChainFixture();
});

afterAll(async () => {
  await fixture?.database.close();
});

const record = (overrides: Parameters<typeof needInput>[1] = {}) =>
  fixture.needs.recordNeed(needInput(fixture, overrides));

describe('closing', () => {
  it('meets a need a project answers, keeping the day and its link', async () => {
    const need = await record();
    const project = await fixture.projects.designProject(projectInput(fixture, { needIds: [need.id] }));
    const met = await fixture.needsAs(staff.community).closeNeed({
      needId: need.id,
      outcome: 'met',
      closedOn: '2025-09-28',
      expectedVersion: 2,
    });
    expect(met).toMatchObject({ status: 'met', closedOn: '2025-09-28', version: 3 });
    expect((await fixture.projects.needProjects(need.id)).map((row) => row.id)).toEqual([project.id]);
  });

  it('withdraws an open need, the reason kept in the audit log', async () => {
    const need = await record({ title: '加装电梯意见征集' });
    const withdrawn = await fixture.needs.closeNeed({
      needId: need.id,
      outcome: 'withdrawn',
      reason: '居民议事会决定另行协商',
    });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', closedOn: '2025-09-30' });
    const [entry] = await readAuditLog(fixture.database.db, DISTRICT, {
      entityType: 'need',
      entityId: need.id,
    });
    expect(entry).toMatchObject({
      action: 'need.withdraw',
      reason: '居民议事会决定另行协商',
      before: { status: 'open' },
      after: { status: 'withdrawn' },
    });
  });
});

describe('refused', () => {
  let open: Need;

  beforeAll(async () => {
    open = await record({ title: '社区法律咨询', category: 'legal_aid', collectedOn: '2025-06-01' });
  });

  it('an open need closed as met: a need is answered before it is met', async () => {
    const error = await expectRefusal(
      fixture,
      () => fixture.needs.closeNeed({ needId: open.id, outcome: 'met' }),
      'STATUS_NOT_ALLOWED',
      ['input', 'needId'],
    );
    expect(error.details).toMatchObject({ state: 'open', event: 'meet' });
  });

  it('a need closed twice', async () => {
    const need = await record({ title: '垃圾分类宣传', category: 'environment' });
    await fixture.needs.closeNeed({ needId: need.id, outcome: 'withdrawn' });
    await expectRefusal(
      fixture,
      () => fixture.needs.closeNeed({ needId: need.id, outcome: 'withdrawn' }),
      'STATUS_NOT_ALLOWED',
      ['input', 'needId'],
    );
  });

  it.each([
    ['an unknown outcome', { outcome: 'solved' }, 'INVALID_CODE_LIST_VALUE', 'outcome'],
    ['a day before the need was collected', { closedOn: '2025-05-31' }, 'INVALID_DATE_RANGE', 'closedOn'],
    ['a day after today', { closedOn: '2025-10-01' }, 'DATE_IN_FUTURE', 'closedOn'],
    ['a reason with a control character', { reason: '撤回\u0000' }, 'INVALID_TEXT', 'reason'],
    ['a version the need is no longer at', { expectedVersion: 2 }, 'VERSION_CONFLICT', 'expectedVersion'],
    ['a need that does not exist', { needId: 999_999 }, 'NOT_FOUND', 'needId'],
  ])('%s', async (_what, extra, code, field) => {
    await expectRefusal(
      fixture,
      () => fixture.needs.closeNeed({ needId: open.id, outcome: 'withdrawn', ...extra } as never),
      code,
      ['input', field],
    );
  });

  it('a need of another community: NOT_FOUND to who cannot see it, FORBIDDEN to who may not record', async () => {
    await expectRefusal(
      fixture,
      () => fixture.needsAs(staff.otherCommunity).closeNeed({ needId: open.id, outcome: 'withdrawn' }),
      'NOT_FOUND',
      ['input', 'needId'],
    );
    await expectRefusal(
      fixture,
      () => fixture.needsAs(staff.evaluator).closeNeed({ needId: open.id, outcome: 'withdrawn' }),
      'FORBIDDEN',
    );
  });
});
