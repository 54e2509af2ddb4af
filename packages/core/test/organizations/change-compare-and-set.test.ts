/**
 * A change of an organization's own row (name, category, service domains) as a compare-and-set
 * (registration.ts changeOrganization, organization-context.ts updateOrganizationIfUnchanged):
 * two statements and no transaction, the same history and audit entries as the locked path, and
 * when the row moves between the read and the write, the change read and checked again, so the
 * caller gets the answer the locked path would give.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditSnapshot } from '../../src/audit/index.js';
import type { SansheDb } from '../../src/database/district-database.js';
import { createCreditService } from '../../src/organizations/credit-service.js';
import { createOrganizationService, type OrganizationService } from '../../src/organizations/index.js';
import {
  createSqlRecorder,
  lockWaiters,
  type SqlRecorder,
  testDatabaseKind,
  track,
  until,
} from '../../src/testing/index.js';
import {
  ACTOR,
  auditOf,
  CODES,
  createOrganizationFixture,
  makeUscc,
  type OrganizationFixture,
  registerAssociation,
  TODAY,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let recorder: SqlRecorder;
let serial = 700;

beforeAll(async () => {
  recorder = createSqlRecorder();
  f = await createOrganizationFixture({ logger: recorder });
  service = f.service;
});

afterAll(async () => {
  await f?.database.close();
});

beforeEach(() => recorder.clear());

function register(extra: Partial<Parameters<OrganizationService['registerOrganization']>[0]> = {}) {
  return registerAssociation(service, makeUscc(serial++), extra);
}

const sent = () => recorder.statements.map((statement) => statement.sql);
const isTransactionControl = (text: string) => /^\s*(begin|commit|rollback)\b/i.test(text);
const isLockedRead = (text: string) => /^\s*select\b[\s\S]*\bfor update\b/i.test(text);
const isCompareAndSet = (text: string) => /^\s*with "updated" as \(update "social_organizations"/i.test(text);

/** What the audit log keeps of the organization as it is now, with the communities it serves. */
async function snapshotNow(id: number) {
  const row = await service.getOrganization(id);
  const served = (await service.servedCommunities(id)).map((c) => c.code);
  return auditSnapshot({ ...row, servedCommunityCodes: served });
}

/**
 * The organization service over the fixture's database, where `between` runs before each of
 * the first `times` compare-and-set statements is sent (`db.with(…).select().from(…)`, the one
 * statement of updateOrganizationIfUnchanged): a write that lands between the read and the write.
 */
function interleaving(between: () => Promise<unknown>, times = 1) {
  let calls = 0;
  type Chain = { select(...fields: unknown[]): { from(...source: unknown[]): PromiseLike<unknown> } };
  const db = new Proxy(f.database.db, {
    get(target, property, receiver) {
      if (property !== 'with') return Reflect.get(target, property, receiver);
      const withParts = (target.with as unknown as (...parts: unknown[]) => Chain).bind(target);
      return (...parts: unknown[]) => ({
        select: (...fields: unknown[]) => ({
          from: (...source: unknown[]) => {
            const statement = withParts(...parts)
              .select(...fields)
              .from(...source);
            if (calls >= times) return statement;
            calls += 1;
            return between().then(() => statement);
          },
        }),
      });
    },
  }) as SansheDb;
  return {
    service: createOrganizationService(
      { db, districtCode: f.database.districtCode },
      { actor: ACTOR, today: () => TODAY },
    ),
    calls: () => calls,
  };
}

describe('a change of the row alone', () => {
  it('costs two statements, no transaction: the unlocked read and one statement that writes the row, the history and the audit entry', async () => {
    const org = await register();
    recorder.clear();
    const renamed = await service.changeOrganization({
      id: org.id,
      expectedVersion: 1,
      name: '狮山社区议事会',
      changedOn: '2024-01-01',
    });
    const statements = sent();
    // The pg driver logs BEGIN and COMMIT as statements: none here, on PostgreSQL either.
    expect(statements.filter(isTransactionControl)).toEqual([]);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^\s*select\b/i);
    expect(isLockedRead(statements[0]!)).toBe(false);
    expect(isCompareAndSet(statements[1]!)).toBe(true);
    expect(statements[1]).toContain('insert into "organization_status_changes"');
    expect(statements[1]).toContain('insert into "audit_log"');

    expect(renamed).toMatchObject({ id: org.id, name: '狮山社区议事会', version: 2 });
    expect(await service.getOrganization(org.id)).toEqual(renamed);
    const history = await service.statusHistory(org.id);
    expect(history.map((h) => h.kind)).toEqual(['registered', 'changed']);
    expect(history[1]).toMatchObject({
      occurredOn: '2024-01-01',
      summary: '变更：名称',
      changes: { name: { from: '狮山社区睦邻协会', to: '狮山社区议事会' } },
    });
    const audit = await auditOf(f.database, 'social_organization', org.id);
    expect(audit.map((e) => e.action)).toEqual(['organization.register', 'organization.change']);
    expect(audit[1]).toMatchObject({
      actorId: ACTOR.id,
      actorRole: ACTOR.role,
      before: { name: '狮山社区睦邻协会', version: 1, servedCommunityCodes: [CODES.urban] },
    });
    // `after` was built before the statement ran: it is the row the statement left.
    expect(audit[1]!.after).toEqual(await snapshotNow(org.id));
  });

  it('writes the same history and audit entries as the locked transaction', async () => {
    const viaSet = await register({ name: '同一协会' });
    const viaLock = await register({ name: '同一协会' });
    const change = {
      name: '同一服务社',
      category: 'harmony_security' as const,
      serviceDomains: ['legal_aid' as const, 'community_governance' as const],
      changedOn: '2024-02-02',
    };
    recorder.clear();
    await service.changeOrganization({ id: viaSet.id, ...change });
    expect(sent().filter(isCompareAndSet)).toHaveLength(1);
    recorder.clear();
    // Naming the base community it already has takes the transaction (communities given).
    await service.changeOrganization({ id: viaLock.id, ...change, communityCode: CODES.urban });
    expect(sent().filter(isCompareAndSet)).toEqual([]);
    expect(sent().filter(isLockedRead)).toHaveLength(1);

    const comparable = async (id: number) => {
      const [, changed] = await service.statusHistory(id);
      const [, entry] = await auditOf(f.database, 'social_organization', id);
      const { id: _h, organizationId: _o, recordedAt: _r, ...historyEntry } = changed!;
      const { id: _a, entityId: _e, occurredAt: _t, before, after, ...auditEntry } = entry!;
      // The two organizations differ only in their ids and USCCs.
      const same = (snapshot: unknown) => ({ ...(snapshot as object), id: 0, uscc: 'U' });
      return { historyEntry, auditEntry, before: same(before), after: same(after) };
    };
    expect(await comparable(viaSet.id)).toEqual(await comparable(viaLock.id));
  });
});

describe('the row moves between the read and the write', () => {
  it('another change lands first: the change is read and checked again, and both are recorded in order', async () => {
    const org = await register();
    const racing = interleaving(() =>
      service.changeOrganization({ id: org.id, name: '先到的名字', changedOn: '2024-03-01' }),
    );
    const renamed = await racing.service.changeOrganization({
      id: org.id,
      name: '后到的名字',
      changedOn: '2024-03-01',
    });
    expect(racing.calls()).toBe(1);
    expect(renamed).toMatchObject({ name: '后到的名字', version: 3 });

    const history = await service.statusHistory(org.id);
    expect(history.map((h) => h.kind)).toEqual(['registered', 'changed', 'changed']);
    expect(history.slice(1).map((h) => h.changes)).toEqual([
      { name: { from: '狮山社区睦邻协会', to: '先到的名字' } },
      // Checked again on what the first change left.
      { name: { from: '先到的名字', to: '后到的名字' } },
    ]);
    const audit = await auditOf(f.database, 'social_organization', org.id);
    expect(audit.map((e) => e.action)).toEqual([
      'organization.register',
      'organization.change',
      'organization.change',
    ]);
    const versions = audit
      .slice(1)
      .map((e) => [(e.before as { version: number }).version, (e.after as { version: number }).version]);
    expect(versions).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(audit[2]!.after).toEqual(await snapshotNow(org.id));
  });

  it('error-codes.ts VERSION_CONFLICT: an expectedVersion the row has left is refused, and the change writes nothing', async () => {
    const org = await register();
    const racing = interleaving(() => service.changeOrganization({ id: org.id, name: '先到的名字' }));
    await expect(
      racing.service.changeOrganization({ id: org.id, expectedVersion: 1, name: '后到的名字' }),
    ).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      path: ['input', 'expectedVersion'],
      details: { currentVersion: 2 },
    });
    expect(racing.calls()).toBe(1);
    expect(await service.getOrganization(org.id)).toMatchObject({ name: '先到的名字', version: 2 });
    expect((await service.statusHistory(org.id)).map((h) => h.kind)).toEqual(['registered', 'changed']);
    expect((await auditOf(f.database, 'social_organization', org.id)).map((e) => e.action)).toEqual([
      'organization.register',
      'organization.change',
    ]);
  });

  it('INVALID_DATE_RANGE: a penalty dated after the change enters the history without moving the version; the history guard stops the write', async () => {
    const org = await register();
    const credit = createCreditService(f.database, { actor: ACTOR, today: () => TODAY });
    const racing = interleaving(() =>
      credit.recordCreditInformation({
        organizationId: org.id,
        category: 'penalty',
        kind: 'penalty_warning',
        occurredOn: '2024-06-01',
        summary: '未按规定开展活动，给予警告',
        source: '虎民罚〔2024〕6号',
      }),
    );
    await expect(
      racing.service.changeOrganization({ id: org.id, name: '新名字', changedOn: '2024-05-01' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATE_RANGE', path: ['input', 'changedOn'] });
    expect(racing.calls()).toBe(1);
    expect(await service.getOrganization(org.id)).toMatchObject({ name: '狮山社区睦邻协会', version: 1 });
    expect((await service.statusHistory(org.id)).map((h) => h.kind)).toEqual(['registered', 'penalized']);
    expect((await auditOf(f.database, 'social_organization', org.id)).map((e) => e.action)).not.toContain(
      'organization.change',
    );
  });

  it('a row that moved: after one miss the change takes the locked transaction', async () => {
    const org = await register();
    const racing = interleaving(() => service.changeOrganization({ id: org.id, name: '插队' }));
    recorder.clear();
    const renamed = await racing.service.changeOrganization({ id: org.id, name: '终于改名' });
    expect(racing.calls()).toBe(1);
    expect(renamed).toMatchObject({ name: '终于改名', version: 3 });
    // The one that cut in was a compare-and-set too and hit; this change's missed, and the last
    // word is the locked read's: no second unlocked try while someone else writes the row.
    const statements = sent().filter((text) => !isTransactionControl(text));
    expect(statements.filter(isCompareAndSet)).toHaveLength(2);
    expect(statements.filter(isLockedRead)).toHaveLength(1);
    expect(isLockedRead(statements.at(-3)!)).toBe(true);
    expect((await service.statusHistory(org.id)).map((h) => h.changes)).toEqual([
      null,
      { name: { from: '狮山社区睦邻协会', to: '插队' } },
      { name: { from: '插队', to: '终于改名' } },
    ]);
  });
});

// PGlite has one connection, so its statements never overlap: above, the second change runs
// between the first's two statements; here both wait on PostgreSQL at once.
describe.skipIf(testDatabaseKind() === 'pglite')('two renames at once on PostgreSQL', () => {
  /** A third connection holding the organization FOR SHARE: reads pass, updates wait. */
  async function holdRow(id: number) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => {
      held = resolve;
    });
    const holder = f.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from social_organizations where id = ${id} for share`);
      held();
      await released;
    });
    await Promise.race([isHeld, holder]);
    return {
      async release() {
        release();
        await holder;
      },
    };
  }

  async function race(id: number, first: () => Promise<unknown>, second: () => Promise<unknown>) {
    const lock = await holdRow(id);
    const a = track(first());
    await until(async () => a.settled || (await lockWaiters(f.database)) >= 1, 'the first update waits');
    const b = track(second());
    await until(async () => b.settled || (await lockWaiters(f.database)) >= 2, 'the second update waits');
    // Both have read version 1 unlocked and sent their compare-and-set.
    expect([a.settled, b.settled]).toEqual([false, false]);
    await lock.release();
    return [await a.result, await b.result];
  }

  it('both apply: the second misses the version, reads again and applies on top', async () => {
    const org = await register();
    const results = await race(
      org.id,
      () => service.changeOrganization({ id: org.id, name: '甲名' }),
      () => service.changeOrganization({ id: org.id, serviceDomains: ['legal_aid'] }),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await service.getOrganization(org.id)).toMatchObject({
      name: '甲名',
      serviceDomains: ['legal_aid'],
      version: 3,
    });
    const audit = await auditOf(f.database, 'social_organization', org.id);
    expect(
      audit
        .slice(1)
        .map((e) => [(e.before as { version: number }).version, (e.after as { version: number }).version]),
    ).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(audit[2]!.before).toMatchObject({ name: '甲名' });
    expect(audit[2]!.after).toEqual(await snapshotNow(org.id));
    expect((await service.statusHistory(org.id)).map((h) => h.changes)).toEqual([
      null,
      { name: { from: '狮山社区睦邻协会', to: '甲名' } },
      { serviceDomains: { from: ['community_governance'], to: ['legal_aid'] } },
    ]);
  });

  it('error-codes.ts VERSION_CONFLICT: the second, bound to version 1, is refused and writes nothing', async () => {
    const org = await register();
    const results = await race(
      org.id,
      () => service.changeOrganization({ id: org.id, expectedVersion: 1, name: '甲名' }),
      () => service.changeOrganization({ id: org.id, expectedVersion: 1, name: '乙名' }),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
    expect(await service.getOrganization(org.id)).toMatchObject({ name: '甲名', version: 2 });
    expect((await service.statusHistory(org.id)).map((h) => h.kind)).toEqual(['registered', 'changed']);
    expect((await auditOf(f.database, 'social_organization', org.id)).map((e) => e.action)).toEqual([
      'organization.register',
      'organization.change',
    ]);
  });
});
