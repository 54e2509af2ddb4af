import type { SansheDb } from '../database/district-database.js';
import { organizationCreditRecords } from '../schema/organizations.js';
import type { ServiceKit } from '../services/service-kit.js';
import { type EvaluationGrade, evaluationGrades, purchasedServiceCredit } from './code-lists.js';

/** What a final evaluation tells the undertaker's credit record. */
export interface PurchasedServiceFacts {
  organizationId: number;
  evaluationId: number;
  evaluatedOn: string;
  projectName: string;
  contractNumber: string;
  grade: EvaluationGrade;
  score: number;
  reportReference: string;
}

/**
 * The credit record a final evaluation leaves on the undertaking organization (docs/domain.md
 * §6.3 "results feed the next tender": `purchased_service`, category `other` — 社会组织信用信息
 * 管理办法 第七条 counts purchased services undertaken among an organization's other
 * information), written in the evaluation's transaction so the two stand or fall together. Its
 * summary and source are published in the public credit report (§3.6): they are built from the
 * project's published name, the contract number, the grade, the score and the report reference,
 * nothing personal.
 */
export async function recordPurchasedServiceCredit(
  kit: ServiceKit,
  tx: SansheDb,
  facts: PurchasedServiceFacts,
): Promise<number> {
  const summary = `承接政府购买服务项目「${facts.projectName}」（合同 ${facts.contractNumber}）结项评估：${evaluationGrades[facts.grade]}，${facts.score}分`;
  const [record] = await tx
    .insert(organizationCreditRecords)
    .values({
      districtCode: kit.districtCode,
      organizationId: facts.organizationId,
      category: purchasedServiceCredit.category,
      kind: purchasedServiceCredit.kind,
      occurredOn: facts.evaluatedOn,
      summary: summary.slice(0, 500),
      source: facts.reportReference,
    })
    .returning();
  await kit.audit(tx, {
    action: 'credit_record.add',
    entityType: 'organization_credit_record',
    entityId: record!.id,
    after: record!,
    reason: `final evaluation ${facts.evaluationId}`,
  });
  return record!.id;
}
