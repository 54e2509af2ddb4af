import { sql } from 'drizzle-orm';
import {
  char,
  check,
  date,
  foreignKey,
  index,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { socialOrganizations } from './organizations.js';
import { serviceContracts } from './purchases.js';
import { serviceProjects } from './service-projects.js';

/**
 * A resident's satisfaction with a project (docs/domain.md §6.7): one answer per resident and
 * project. The resident is kept only as the keyed hash (HMAC-SHA256 under the lookup key,
 * personal-data/field-cipher.ts `lookupHash`) of their resident ID number: enough to refuse a
 * second answer, not enough to name anyone. No name, number or contact is stored with an answer.
 */
export const satisfactionAnswers = pgTable(
  'satisfaction_answers',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    projectId: idReference('project_id').notNull(),
    /** The keyed hash (hex) of the respondent's 18-character resident ID number. */
    respondentHash: varchar('respondent_hash', { length: 64 }).notNull(),
    answeredOn: date('answered_on', { mode: 'string' }).notNull(),
    /** 1 (very dissatisfied) to 5 (very satisfied). */
    score: smallint('score').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('satisfaction_answers_one_per_resident_unique').on(t.districtCode, t.projectId, t.respondentHash),
    foreignKey({
      name: 'satisfaction_answers_project_fk',
      columns: [t.districtCode, t.projectId],
      foreignColumns: [serviceProjects.districtCode, serviceProjects.id],
    }),
    check('satisfaction_answers_score', sql`${t.score} between 1 and 5`),
    check('satisfaction_answers_respondent_hash', sql`${t.respondentHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * A third-party evaluation (第三方评估) of a contract's delivery: who evaluated, when, the score and
 * the report. Never by the undertaking organization itself: the evaluation names the contract
 * together with its undertaker, and the CHECK refuses an evaluator that is the undertaker.
 * A mid-term evaluation may be repeated; there is one final evaluation per contract.
 */
export const projectEvaluations = pgTable(
  'project_evaluations',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    contractId: idReference('contract_id').notNull(),
    /** The contract's undertaker, named with the contract (service_contracts_undertaker_key). */
    undertakerOrganizationId: idReference('undertaker_organization_id').notNull(),
    /** midterm | final */
    kind: varchar('kind', { length: 8 }).notNull(),
    evaluatorName: varchar('evaluator_name', { length: 200 }).notNull(),
    evaluatorUscc: char('evaluator_uscc', { length: 18 }),
    /** The evaluator, when it is an organization of this district. */
    evaluatorOrganizationId: idReference('evaluator_organization_id'),
    evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
    /** 0–100. */
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    /** excellent 优秀 | good 良好 | pass 合格 | fail 不合格 */
    grade: varchar('grade', { length: 16 }).notNull(),
    /** The report's reference and its published summary (no personal data). */
    reportReference: varchar('report_reference', { length: 200 }).notNull(),
    summary: varchar('summary', { length: 2000 }).notNull(),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'project_evaluations_contract_fk',
      columns: [t.districtCode, t.contractId, t.undertakerOrganizationId],
      foreignColumns: [serviceContracts.districtCode, serviceContracts.id, serviceContracts.organizationId],
    }),
    foreignKey({
      name: 'project_evaluations_evaluator_fk',
      columns: [t.districtCode, t.evaluatorOrganizationId],
      foreignColumns: [socialOrganizations.districtCode, socialOrganizations.id],
    }),
    uniqueIndex('project_evaluations_one_final_unique')
      .on(t.districtCode, t.contractId)
      .where(sql`${t.kind} = 'final'`),
    index('project_evaluations_contract_idx').on(t.districtCode, t.contractId, t.evaluatedOn),
    index('project_evaluations_evaluator_idx').on(t.districtCode, t.evaluatorOrganizationId),
    check('project_evaluations_kind', sql`${t.kind} in ('midterm', 'final')`),
    check('project_evaluations_score', sql`${t.score} between 0 and 100`),
    check('project_evaluations_grade', sql`${t.grade} in ('excellent', 'good', 'pass', 'fail')`),
    check(
      'project_evaluations_not_by_undertaker',
      sql`${t.evaluatorOrganizationId} is null or ${t.evaluatorOrganizationId} <> ${t.undertakerOrganizationId}`,
    ),
  ],
);

export type SatisfactionAnswer = typeof satisfactionAnswers.$inferSelect;
export type ProjectEvaluation = typeof projectEvaluations.$inferSelect;
