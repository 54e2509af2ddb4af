import { and, asc, eq, sql } from 'drizzle-orm';
import { type ProjectEvaluation, projectEvaluations, satisfactionAnswers } from '../schema/evaluations.js';
import { serviceProjects } from '../schema/service-projects.js';
import { isLocalId } from '../services/service-kit.js';
import { type SatisfactionScore, satisfactionScores } from './code-lists.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { SatisfactionSummary } from './evaluation-types.js';

/**
 * Reads of evaluation, outside any write's transaction. Like every read of core they filter by the
 * district only (who may see which contract or project is the gateway's visibility rule,
 * access/chain-visibility.ts). Satisfaction is read only as counts: no read returns an answer's
 * respondent hash.
 */
export function createEvaluationReads(context: EvaluationContext) {
  const { kit, db, districtCode } = context;

  return {
    /** A contract's evaluations, by the day they were made (then as recorded). */
    evaluationsOfContract(contractId: number): Promise<ProjectEvaluation[]> {
      if (!isLocalId(contractId)) return Promise.resolve([]);
      return db
        .select()
        .from(projectEvaluations)
        .where(
          and(
            eq(projectEvaluations.districtCode, districtCode),
            eq(projectEvaluations.contractId, contractId),
          ),
        )
        .orderBy(asc(projectEvaluations.evaluatedOn), asc(projectEvaluations.id));
    },

    /**
     * Residents' satisfaction with a project (disclosed as counts and averages, §6.8): how many
     * answered, the sum and mean of the scores, and how many gave each score; null when there is
     * no such project. One grouped statement.
     */
    async satisfactionSummary(projectId: number): Promise<SatisfactionSummary | null> {
      const project = await kit.findRecord(db, serviceProjects, projectId);
      if (!project) return null;
      const rows = await db
        .select({ score: satisfactionAnswers.score, answers: sql<number>`count(*)`.mapWith(Number) })
        .from(satisfactionAnswers)
        .where(
          and(
            eq(satisfactionAnswers.districtCode, districtCode),
            eq(satisfactionAnswers.projectId, projectId),
          ),
        )
        .groupBy(satisfactionAnswers.score);
      const counts = Object.fromEntries(Object.keys(satisfactionScores).map((score) => [score, 0])) as Record<
        SatisfactionScore,
        number
      >;
      let answers = 0;
      let scoreSum = 0;
      for (const row of rows) {
        counts[row.score as SatisfactionScore] = row.answers;
        answers += row.answers;
        scoreSum += row.score * row.answers;
      }
      const average = answers === 0 ? null : Math.round((scoreSum / answers) * 100) / 100;
      return { projectId, answers, scoreSum, average, counts };
    },
  };
}
