/**
 * Residents' satisfaction (docs/domain.md §6.7, §9): one answer per resident and project, the
 * resident kept only as the keyed hash of their resident ID number, answers only once delivery
 * has started, and read back only as counts.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordSatisfactionInput } from '../../src/evaluations/index.js';
import { respondentHash } from '../../src/evaluations/index.js';
import { createPersonalDataKeyring, developmentKeyring } from '../../src/personal-data/keyring.js';
import { auditLog, satisfactionAnswers, socialWorkers } from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import {
  type ChainContract,
  COMMUNITY,
  createDeliveryChain,
  type DeliveryChain,
  DISTRICT,
  expectRefusal,
  residentId,
  TODAY,
} from '../delivery/fixture.js';

let chain: DeliveryChain;
let underway: ChainContract;

beforeAll(async () => {
  chain = await createDeliveryChain();
  underway = await chain.addContract('implementation');
});

afterAll(async () => {
  await chain?.database.close();
});

const residents = {
  zhang: residentId('19450815', '021'),
  chen: residentId('19520203', '042'),
  sun: residentId('19600930', '063'),
};

function answer(overrides: Partial<RecordSatisfactionInput> = {}): RecordSatisfactionInput {
  return {
    projectId: underway.projectId,
    residentId: residents.zhang,
    score: 5,
    answeredOn: '2025-09-15',
    ...overrides,
  };
}

describe('answers', () => {
  it('records an answer without the resident, and sums them up by score', async () => {
    const evaluations = chain.evaluations(chain.staff.evaluator);
    const first = await evaluations.recordSatisfaction(answer());
    expect(first).toEqual({
      id: first.id,
      projectId: underway.projectId,
      score: 5,
      answeredOn: '2025-09-15',
    });
    expect(Object.keys(first)).not.toContain('respondentHash');
    await chain
      .evaluations(chain.staff.subdistrict)
      .recordSatisfaction(answer({ residentId: residents.chen, score: 4 }));
    const third = await evaluations.recordSatisfaction(
      answer({ residentId: residents.sun, score: 4, answeredOn: undefined }),
    );
    expect(third.answeredOn).toBe(TODAY);

    const [stored] = await chain.database.db
      .select()
      .from(satisfactionAnswers)
      .where(and(eq(satisfactionAnswers.districtCode, DISTRICT), eq(satisfactionAnswers.id, first.id)));
    expect(stored!.respondentHash).toBe(
      respondentHash(
        chain.database.personalData,
        { districtCode: DISTRICT, projectId: underway.projectId },
        residents.zhang,
      ),
    );
    expect(stored!.respondentHash).toMatch(/^[0-9a-f]{64}$/);
    const [entry] = await chain.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'satisfaction_answer.record'), eq(auditLog.entityId, first.id)));
    expect(entry!.after).toEqual({
      id: first.id,
      projectId: underway.projectId,
      score: 5,
      answeredOn: '2025-09-15',
    });

    // No table holds a resident's number, nor its hash outside the answer.
    const everything = JSON.stringify(await snapshotDatabase(chain.database));
    for (const number of Object.values(residents)) expect(everything).not.toContain(number);
    expect(everything.split(stored!.respondentHash).length - 1).toBe(1);

    expect(await evaluations.satisfactionSummary(underway.projectId)).toEqual({
      projectId: underway.projectId,
      answers: 3,
      scoreSum: 13,
      average: 4.33,
      counts: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 },
    });
  });

  it('answers an empty summary for a project without answers, and null for no project', async () => {
    const fresh = await chain.addContract('implementation');
    expect(await chain.evaluations().satisfactionSummary(fresh.projectId)).toEqual({
      projectId: fresh.projectId,
      answers: 0,
      scoreSum: 0,
      average: null,
      counts: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
    expect(await chain.evaluations().satisfactionSummary(999_999)).toBeNull();
  });
});

describe('one answer per resident and project', () => {
  it('refuses a second answer of the same resident, in any form of the number, and changes nothing', async () => {
    const evaluations = chain.evaluations();
    const again = await expectRefusal(
      chain,
      () => evaluations.recordSatisfaction(answer({ score: 1 })),
      'DUPLICATE_RECORD',
      ['input', 'residentId'],
    );
    expect(again.message).not.toContain(residents.zhang);
    // A legacy 15-digit number is the same person as its 18-character form.
    const legacy = `${residents.chen.slice(0, 6)}${residents.chen.slice(8, 17)}`;
    await expectRefusal(
      chain,
      () => evaluations.recordSatisfaction(answer({ residentId: legacy, score: 2 })),
      'DUPLICATE_RECORD',
      ['input', 'residentId'],
    );
    expect((await evaluations.satisfactionSummary(underway.projectId))?.answers).toBe(3);
  });

  it('takes the same resident’s answer to another project, under a hash that does not link the two', async () => {
    const other = await chain.addContract('evaluation');
    const answered = await chain
      .evaluations()
      .recordSatisfaction(answer({ projectId: other.projectId, score: 3 }));
    const rows = await chain.database.db
      .select({ id: satisfactionAnswers.id, hash: satisfactionAnswers.respondentHash })
      .from(satisfactionAnswers)
      .where(eq(satisfactionAnswers.districtCode, DISTRICT));
    const hashOf = (id: number) => rows.find((row) => row.id === id)!.hash;
    const firstAnswer = rows.reduce((low, row) => (row.id < low.id ? row : low));
    expect(hashOf(answered.id)).not.toBe(firstAnswer.hash);
  });

  it('does not let an answer be matched to a social worker with the same number', async () => {
    const wangNumber = residentId('19880312', '024');
    const answered = await chain
      .evaluations()
      .recordSatisfaction(answer({ residentId: wangNumber, score: 4 }));
    const [worker] = await chain.database.db
      .select({ hash: socialWorkers.residentIdHash })
      .from(socialWorkers)
      .where(eq(socialWorkers.id, chain.workers.wang));
    const [row] = await chain.database.db
      .select({ hash: satisfactionAnswers.respondentHash })
      .from(satisfactionAnswers)
      .where(eq(satisfactionAnswers.id, answered.id));
    expect(row!.hash).not.toBe(worker!.hash);
  });
});

describe('keys', () => {
  it('hashes under the district’s own lookup key when one is configured', async () => {
    const keyring = createPersonalDataKeyring({
      keys: { k2025: randomBytes(32) },
      lookupKey: randomBytes(32),
    });
    const project = await chain.addContract('implementation');
    const answered = await chain
      .evaluations(chain.staff.evaluator, { ...chain.database, personalData: keyring })
      .recordSatisfaction(answer({ projectId: project.projectId }));
    const [row] = await chain.database.db
      .select({ hash: satisfactionAnswers.respondentHash })
      .from(satisfactionAnswers)
      .where(eq(satisfactionAnswers.id, answered.id));
    const scope = { districtCode: DISTRICT, projectId: project.projectId };
    expect(row!.hash).toBe(respondentHash(keyring, scope, residents.zhang));
    expect(row!.hash).not.toBe(respondentHash(developmentKeyring, scope, residents.zhang));
  });

  it('refuses to record without a lookup key (ENCRYPTION_KEY_MISSING), and changes nothing', async () => {
    const keyless = { ...developmentKeyring, lookupKey: new Uint8Array(0) };
    const project = await chain.addContract('implementation');
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations(chain.staff.evaluator, { ...chain.database, personalData: keyless })
          .recordSatisfaction(answer({ projectId: project.projectId })),
      'ENCRYPTION_KEY_MISSING',
      ['input', 'residentId'],
    );
  });
});

describe('only after delivery has started', () => {
  it('refuses a project whose purchase has not reached implementation, or that has none (NOT_DELIVERED)', async () => {
    const signed = await chain.addContract('contract');
    const unbought = await chain.addUnboughtProject();
    for (const projectId of [signed.projectId, unbought]) {
      await expectRefusal(
        chain,
        () => chain.evaluations().recordSatisfaction(answer({ projectId })),
        'NOT_DELIVERED',
        ['input', 'projectId'],
      );
    }
  });

  it('refuses an answer dated before delivery started', async () => {
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordSatisfaction(answer({ residentId: residents.sun, answeredOn: '2025-02-28' })),
      'NOT_DELIVERED',
      ['input', 'answeredOn'],
    );
  });

  it('takes answers after delivery, and after the purchase closed', async () => {
    const closed = await chain.addContract('closure');
    await expect(
      chain.evaluations().recordSatisfaction(answer({ projectId: closed.projectId })),
    ).resolves.toMatchObject({ score: 5 });
  });
});

describe('bad input', () => {
  it.each([
    [
      'a number whose check character is wrong',
      { residentId: `${residents.zhang.slice(0, 17)}${residents.zhang.endsWith('0') ? '1' : '0'}` },
      'INVALID_RESIDENT_ID',
      ['input', 'residentId'],
    ],
    [
      'a number of the wrong length',
      { residentId: '3205051945081502' },
      'INVALID_RESIDENT_ID',
      ['input', 'residentId'],
    ],
    [
      'no number',
      { residentId: undefined as unknown as string },
      'INVALID_RESIDENT_ID',
      ['input', 'residentId'],
    ],
    ['a score of 0', { score: 0 }, 'INVALID_NUMBER', ['input', 'score']],
    ['a score of 6', { score: 6 }, 'INVALID_NUMBER', ['input', 'score']],
    ['a score of 4.5', { score: 4.5 }, 'INVALID_NUMBER', ['input', 'score']],
    ['a day after today', { answeredOn: '2025-10-01' }, 'DATE_IN_FUTURE', ['input', 'answeredOn']],
    ['a malformed day', { answeredOn: '2025-9-15' }, 'INVALID_DATE', ['input', 'answeredOn']],
    ['a project id that cannot exist', { projectId: 0 }, 'NOT_FOUND', ['input', 'projectId']],
    ['a project that does not exist', { projectId: 999_999 }, 'NOT_FOUND', ['input', 'projectId']],
  ] as const)('refuses %s', async (_what, overrides, code, path) => {
    await expectRefusal(
      chain,
      () => chain.evaluations().recordSatisfaction(answer({ residentId: residents.sun, ...overrides })),
      code,
      path,
    );
  });
});

describe('who may record', () => {
  it('refuses staff outside the project’s unit: FORBIDDEN when they see it, NOT_FOUND when they do not', async () => {
    const record = (actor: Parameters<DeliveryChain['evaluations']>[0]) => () =>
      chain.evaluations(actor).recordSatisfaction(answer({ residentId: residents.sun }));
    // 狮山社区 is served by the project but the project is 狮山街道's; the undertaker bid for it.
    for (const actor of [chain.staff.community, chain.staff.undertaker, chain.staff.bureau]) {
      await expectRefusal(chain, record(actor), 'FORBIDDEN');
    }
    for (const actor of [chain.staff.otherSubdistrict, chain.staff.unservedCommunity, chain.staff.stranger]) {
      await expectRefusal(chain, record(actor), 'NOT_FOUND', ['input', 'projectId']);
    }
  });

  it('lets the community record for a project it designed', async () => {
    const own = await chain.addContract('implementation', { unitCode: COMMUNITY });
    await expect(
      chain.evaluations(chain.staff.community).recordSatisfaction(answer({ projectId: own.projectId })),
    ).resolves.toMatchObject({ projectId: own.projectId });
  });
});
