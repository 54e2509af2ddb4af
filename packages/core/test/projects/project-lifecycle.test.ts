/**
 * A project's life (docs/domain.md §6.2–§6.3): approved with lines summing to its budget and at
 * least one indicator, closed once its purchase is settled, cancelled only when no live purchase
 * buys it, its indicators' values recorded while approved; every refusal with its code and path,
 * and nothing changed.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import { projectBudgetLines, type ServiceProject } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  DISTRICT,
  expectRefusal,
  insertPurchase,
  needInput,
  projectInput,
  staff,
} from '../needs/fixture.js';

let fixture: ChainFixture;

beforeAll(async () => {
  fixture = await createChainFixture();
});

afterAll(async () => {
  await fixture?.database.close();
});

const design = (overrides: Parameters<typeof projectInput>[1] = {}) =>
  fixture.projects.designProject(projectInput(fixture, overrides));

async function approved(overrides: Parameters<typeof projectInput>[1] = {}): Promise<ServiceProject> {
  const project = await design(overrides);
  return fixture.projects.approveProject({ projectId: project.id, approvedOn: '2025-09-01' });
}

describe('approval', () => {
  it('approves a draft on its day, by the subdistrict where it lies', async () => {
    const project = await design();
    const result = await fixture.projectsAs(staff.subdistrict).approveProject({
      projectId: project.id,
      approvedOn: '2025-09-15',
      expectedVersion: 1,
    });
    expect(result).toMatchObject({ status: 'approved', approvedOn: '2025-09-15', version: 2 });
    const [entry] = await readAuditLog(fixture.database.db, DISTRICT, {
      entityType: 'service_project',
      entityId: project.id,
    });
    expect(entry).toMatchObject({ action: 'service_project.approve', before: { status: 'draft' } });
  });

  it('refuses a project approved already, saying where it stands', async () => {
    const project = await approved();
    const error = await expectRefusal(
      fixture,
      () => fixture.projects.approveProject({ projectId: project.id }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    expect(error.details).toMatchObject({
      state: 'approved',
      allowed: ['answerNeed', 'recordAchievement', 'close', 'cancel'],
    });
  });

  it('refuses a budget without lines, and one its lines do not sum to', async () => {
    const empty = await design({ budgetLines: [] });
    await expectRefusal(
      fixture,
      () => fixture.projects.approveProject({ projectId: empty.id }),
      'BUDGET_MISMATCH',
      ['input', 'projectId'],
    );
    // Written past the service (a direct update): approval still finds the lines short.
    const tampered = await design();
    await fixture.database.db
      .update(projectBudgetLines)
      .set({ amountFen: sql`${projectBudgetLines.amountFen} - 1` })
      .where(and(eq(projectBudgetLines.projectId, tampered.id), eq(projectBudgetLines.lineNumber, 2)));
    const error = await expectRefusal(
      fixture,
      () => fixture.projects.approveProject({ projectId: tampered.id }),
      'BUDGET_MISMATCH',
      ['input', 'projectId'],
    );
    expect(error.details).toEqual({ budgetFen: 30_000_000, linesFen: 29_999_999, lineCount: 3 });
  });

  it('refuses a project without indicators', async () => {
    const project = await design({ indicators: [] });
    await expectRefusal(
      fixture,
      () => fixture.projects.approveProject({ projectId: project.id }),
      'VALIDATION_FAILED',
      ['input', 'projectId'],
    );
  });

  it.each([
    ['a day after today', { approvedOn: '2025-10-01' }, 'DATE_IN_FUTURE', 'approvedOn'],
    ['a version the project is no longer at', { expectedVersion: 3 }, 'VERSION_CONFLICT', 'expectedVersion'],
    ['a project that does not exist', { projectId: 999_999 }, 'NOT_FOUND', 'projectId'],
  ])('refuses %s', async (_what, extra, code, field) => {
    const project = await design();
    await expectRefusal(
      fixture,
      () => fixture.projects.approveProject({ projectId: project.id, ...extra }),
      code,
      ['input', field],
    );
  });

  it('answers NOT_FOUND to who cannot see the project, FORBIDDEN to who may not approve', async () => {
    const project = await design();
    await expectRefusal(
      fixture,
      () => fixture.projectsAs(staff.otherSubdistrict).approveProject({ projectId: project.id }),
      'NOT_FOUND',
      ['input', 'projectId'],
    );
    // Community staff see the subdistrict's project serving them, and approve nothing.
    await expectRefusal(
      fixture,
      () => fixture.projectsAs(staff.community).approveProject({ projectId: project.id }),
      'FORBIDDEN',
    );
  });
});

describe('closure', () => {
  it('closes an approved project whose purchase reached closure', async () => {
    const project = await approved();
    await insertPurchase(fixture, project.id, 'closure');
    const closed = await fixture.projects.closeProject({ projectId: project.id, closedOn: '2025-09-29' });
    expect(closed).toMatchObject({ status: 'closed', approvedOn: '2025-09-01', closedOn: '2025-09-29' });
  });

  it('refuses while a purchase is under way', async () => {
    const project = await approved();
    const purchaseId = await insertPurchase(fixture, project.id, 'implementation');
    const error = await expectRefusal(
      fixture,
      () => fixture.projects.closeProject({ projectId: project.id }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    expect(error.details).toMatchObject({ purchaseId, purchaseStage: 'implementation' });
  });

  it('refuses a draft, and a day before the approval', async () => {
    const draft = await design();
    await expectRefusal(
      fixture,
      () => fixture.projects.closeProject({ projectId: draft.id }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    const project = await approved();
    await expectRefusal(
      fixture,
      () => fixture.projects.closeProject({ projectId: project.id, closedOn: '2025-08-31' }),
      'INVALID_DATE_RANGE',
      ['input', 'closedOn'],
    );
  });
});

describe('cancellation', () => {
  it('cancels a draft, reopening the needs only it answered', async () => {
    const alone = await fixture.needs.recordNeed(needInput(fixture, { title: '社区食堂' }));
    const shared = await fixture.needs.recordNeed(needInput(fixture, { title: '送餐上门' }));
    const project = await design({ needIds: [alone.id, shared.id] });
    await design({ name: '送餐志愿服务', needIds: [shared.id] });
    const cancelled = await fixture.projects.cancelProject({
      projectId: project.id,
      reason: '并入区级助老项目',
      cancelledOn: '2025-09-20',
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', closedOn: '2025-09-20', approvedOn: null });
    expect(await fixture.needs.getNeed(alone.id)).toMatchObject({ status: 'open' });
    expect(await fixture.needs.getNeed(shared.id)).toMatchObject({ status: 'answered' });
    // The links stay: what the project answered is traceable after it was cancelled.
    expect((await fixture.projects.projectNeeds(project.id)).map((need) => need.id)).toEqual([
      alone.id,
      shared.id,
    ]);
    const [entry] = await readAuditLog(fixture.database.db, DISTRICT, {
      entityType: 'need',
      entityId: alone.id,
    });
    expect(entry).toMatchObject({ action: 'need.reopen', after: { status: 'open' } });
  });

  it('cancels an approved project whose purchase was cancelled', async () => {
    const project = await approved();
    await insertPurchase(fixture, project.id, 'cancelled');
    const cancelled = await fixture.projects.cancelProject({ projectId: project.id, reason: '预算调整' });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      approvedOn: '2025-09-01',
      closedOn: '2025-09-30',
    });
  });

  it.each([
    ['not yet contracted', 'tender', false],
    ['contracted', 'implementation', true],
  ] as const)('refuses while a purchase %s buys it', async (_what, stage, contracted) => {
    const project = await approved();
    const purchaseId = await insertPurchase(fixture, project.id, stage);
    const error = await expectRefusal(
      fixture,
      () => fixture.projects.cancelProject({ projectId: project.id, reason: '预算调整' }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    expect(error.details).toMatchObject({ purchaseId, purchaseStage: stage, contracted });
  });

  it.each([
    ['no reason', { reason: '' }, 'REASON_REQUIRED', 'reason'],
    ['a day after today', { cancelledOn: '2025-10-01' }, 'DATE_IN_FUTURE', 'cancelledOn'],
    ['a day before the approval', { cancelledOn: '2025-08-01' }, 'INVALID_DATE_RANGE', 'cancelledOn'],
  ])('refuses %s', async (_what, extra, code, field) => {
    const project = await approved();
    await expectRefusal(
      fixture,
      () => fixture.projects.cancelProject({ projectId: project.id, reason: '预算调整', ...extra }),
      code,
      ['input', field],
    );
  });

  it('refuses a closed or cancelled project', async () => {
    const project = await design();
    await fixture.projects.cancelProject({ projectId: project.id, reason: '重复立项' });
    const error = await expectRefusal(
      fixture,
      () => fixture.projects.cancelProject({ projectId: project.id, reason: '重复立项' }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    expect(error.details).toMatchObject({ state: 'cancelled', allowed: [] });
  });
});

describe('indicators achieved', () => {
  it('are recorded on an approved project, and corrected', async () => {
    const project = await approved();
    const [output] = await fixture.projects.projectIndicators(project.id);
    const first = await fixture.projects.recordIndicatorAchieved({ indicatorId: output!.id, achieved: 7420 });
    expect(first).toMatchObject({ achieved: 7420, version: 2 });
    const corrected = await fixture.projectsAs(staff.subdistrict).recordIndicatorAchieved({
      indicatorId: output!.id,
      achieved: 7425.5,
      expectedVersion: 2,
    });
    expect(corrected).toMatchObject({ achieved: 7425.5, target: 8000, version: 3 });
  });

  it('are refused on a draft, with a bad value, or at a stale version', async () => {
    const draft = await design();
    const [indicator] = await fixture.projects.projectIndicators(draft.id);
    await expectRefusal(
      fixture,
      () => fixture.projects.recordIndicatorAchieved({ indicatorId: indicator!.id, achieved: 1 }),
      'STATUS_NOT_ALLOWED',
      ['input', 'indicatorId'],
    );
    const project = await approved();
    const [output] = await fixture.projects.projectIndicators(project.id);
    await expectRefusal(
      fixture,
      () => fixture.projects.recordIndicatorAchieved({ indicatorId: output!.id, achieved: -1 }),
      'INVALID_NUMBER',
      ['input', 'achieved'],
    );
    await expectRefusal(
      fixture,
      () =>
        fixture.projects.recordIndicatorAchieved({
          indicatorId: output!.id,
          achieved: 1,
          expectedVersion: 9,
        }),
      'VERSION_CONFLICT',
      ['input', 'expectedVersion'],
    );
  });

  it('answer NOT_FOUND for an indicator of a project the caller cannot see, as a missing one', async () => {
    const project = await approved();
    const [output] = await fixture.projects.projectIndicators(project.id);
    const hidden = await expectRefusal(
      fixture,
      () =>
        fixture
          .projectsAs(staff.otherSubdistrict)
          .recordIndicatorAchieved({ indicatorId: output!.id, achieved: 1 }),
      'NOT_FOUND',
      ['input', 'indicatorId'],
    );
    const missing = await expectRefusal(
      fixture,
      () =>
        fixture
          .projectsAs(staff.otherSubdistrict)
          .recordIndicatorAchieved({ indicatorId: 999_999, achieved: 1 }),
      'NOT_FOUND',
      ['input', 'indicatorId'],
    );
    expect(hidden.message.replace(String(output!.id), 'ID')).toBe(missing.message.replace('999999', 'ID'));
  });
});
