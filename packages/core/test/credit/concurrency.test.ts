/**
 * The same write twice at once: the row locks and the open-entry unique index let exactly one
 * take effect, whichever order the two transactions run in. On PostgreSQL the calls overlap
 * on separate connections; on PGlite (one connection) they run one after the other, and the
 * outcome must be the same.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreditService } from '../../src/organizations/credit-service.js';
import { organizationGrades, organizationListEntries } from '../../src/schema/index.js';
import { type CreditFixture, createCreditFixture, TODAY } from './helpers.js';

let f: CreditFixture;

beforeAll(async () => {
  f = await createCreditFixture();
});
afterAll(() => f?.database.close());

/** Two services on the same database, as two gateway requests would have. */
function twoCallers() {
  return [0, 1].map(() => createCreditService(f.database, { today: () => TODAY })) as [
    ReturnType<typeof createCreditService>,
    ReturnType<typeof createCreditService>,
  ];
}

function codesOf(results: PromiseSettledResult<unknown>[]) {
  return results
    .map((result) => (result.status === 'fulfilled' ? 'ok' : (result.reason as { code?: string }).code))
    .sort();
}

describe('concurrent writes', () => {
  it('社会组织信用信息管理办法 第十二条: listing the same organization twice at once: applied one after the other, the second a new circumstance; one open entry', async () => {
    const organization = await f.organization();
    const [a, b] = twoCallers();
    const input = {
      organizationId: organization.id,
      list: 'abnormal_activity' as const,
      reason: 'unreachable' as const,
    };
    const results = await Promise.allSettled([a.listOrganization(input), b.listOrganization(input)]);
    expect(codesOf(results)).toEqual(['ok', 'ok']);
    const all = await f.database.db
      .select()
      .from(organizationListEntries)
      .where(eq(organizationListEntries.organizationId, organization.id));
    expect(all.map((entry) => entry.removalReason).sort()).toEqual(['new_circumstance', null]);
    const open = await f.database.db
      .select()
      .from(organizationListEntries)
      .where(
        and(
          eq(organizationListEntries.organizationId, organization.id),
          isNull(organizationListEntries.removedOn),
        ),
      );
    expect(open).toHaveLength(1);
  });

  it('deciding one objection twice at once: one decision, one ALREADY_DECIDED', async () => {
    const organization = await f.organization();
    const entry = await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'unreachable',
      listedOn: '2025-01-01',
    });
    const objection = await f.credit.fileObjection({
      organizationId: organization.id,
      listEntryId: entry.id,
      grounds: '住所可联系',
    });
    const [a, b] = twoCallers();
    const decision = { procedureId: objection.id, decidedOn: TODAY, note: '核实' };
    const results = await Promise.allSettled([
      a.decideObjection({ ...decision, accepted: true }),
      b.decideObjection({ ...decision, accepted: false }),
    ]);
    expect(codesOf(results)).toEqual(['ALREADY_DECIDED', 'ok']);
  });

  it('two escalation runs at once move each listing once', async () => {
    const organization = await f.organization();
    await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2023-04-01',
    });
    const [a, b] = twoCallers();
    const [first, second] = await Promise.all([a.escalateOverdueListings(), b.escalateOverdueListings()]);
    expect(first.moved.length + second.moved.length).toBe(1);
    const dishonesty = await f.database.db
      .select()
      .from(organizationListEntries)
      .where(
        and(
          eq(organizationListEntries.organizationId, organization.id),
          eq(organizationListEntries.list, 'serious_dishonesty'),
        ),
      );
    expect(dishonesty).toHaveLength(1);
  });

  it('two gradings at once: both recorded, the one applied first superseded by the other', async () => {
    const organization = await f.organization({ registeredOn: '2015-01-01' });
    const [a, b] = twoCallers();
    const [first, second] = await Promise.all([
      a.gradeOrganization({ organizationId: organization.id, score: 500 }),
      b.gradeOrganization({ organizationId: organization.id, score: 800 }),
    ]);
    const stored = await f.database.db
      .select()
      .from(organizationGrades)
      .where(eq(organizationGrades.organizationId, organization.id));
    expect(stored).toHaveLength(2);
    expect(stored.filter((grade) => grade.revokedOn === null)).toHaveLength(1);
    const current = await f.credit.currentGrade(organization.id);
    expect([first.id, second.id]).toContain(current?.id);
    expect(current?.id).toBe(Math.max(first.id, second.id));
  });
});
