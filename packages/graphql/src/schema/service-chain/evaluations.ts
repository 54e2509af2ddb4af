import { satisfactionAnswers } from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder } from '../../builder.js';
import { compiledJson } from '../../compiled-reads/compiled-value.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId } from '../mutation-routes.js';
import { organizationsVisibleTo, withPurchaseVisibleTo } from '../visibility.js';
import { EvaluationGradeEnum, EvaluationKindEnum } from './chain-enums.js';

/**
 * Evaluation (docs/domain.md §6.7): third-party evaluations of a contract's delivery (never by
 * the undertaker nor a rival bidder; a final one only after delivery) and residents' satisfaction
 * answers, one per resident and project, kept only as a keyed hash of who answered.
 */

const ProjectEvaluationRef = builder.drizzleNode('projectEvaluations', {
  name: 'ProjectEvaluation',
  description: 'A third-party evaluation (第三方评估) of a contract’s delivery: mid-term or final.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    contract: t.relation('contract', {
      nullable: true,
      query: (_args, ctx) => ({ where: withPurchaseVisibleTo(ctx) }),
    }),
    kind: t.field({
      type: EvaluationKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'final',
    }),
    evaluatorName: t.exposeString('evaluatorName'),
    evaluatorUscc: t.exposeString('evaluatorUscc', { nullable: true }),
    evaluatorOrganization: t.relation('evaluatorOrganization', {
      nullable: true,
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    evaluatedOn: t.expose('evaluatedOn', { type: 'Date' }),
    score: t.exposeFloat('score', { description: '0–100.' }),
    grade: t.field({
      type: EvaluationGradeEnum,
      select: { columns: { grade: true } },
      resolve: (row) => row.grade as 'good',
    }),
    reportReference: t.exposeString('reportReference'),
    summary: t.exposeString('summary', { description: 'The published summary.' }),
    auditTrail: auditTrailField(t, 'project_evaluation'),
  }),
});

const SatisfactionAnswerRef = builder.drizzleObject('satisfactionAnswers', {
  name: 'SatisfactionAnswer',
  description: 'One resident’s satisfaction with a project, 1–5. Who answered is never shown.',
  // The respondent's hash is read by no field.
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    project: t.relation('project'),
    score: t.exposeInt('score'),
    answeredOn: t.expose('answeredOn', { type: 'Date' }),
  }),
});

/** As the field answers it: the counts of the scores 1 to 5, in that order. */
interface SatisfactionFigures {
  answers: number;
  scoreSum: number;
  average: number | null;
  counts: number[];
}

const satisfactionScoreValues = [1, 2, 3, 4, 5];

const SatisfactionSummaryRef = builder.objectRef<SatisfactionFigures>('SatisfactionSummary').implement({
  description: 'Residents’ satisfaction with a project, as counts (summable) and the average.',
  fields: (t) => ({
    answers: t.exposeInt('answers'),
    scoreSum: t.exposeInt('scoreSum', {
      description: 'The sum of the scores: average = scoreSum / answers.',
    }),
    average: t.exposeFloat('average', { nullable: true }),
    counts: t.exposeIntList('counts', { description: 'How many answered 1, 2, 3, 4 and 5, in that order.' }),
  }),
});

/**
 * Core's satisfactionSummary in SQL, for the compiled path: the same figures, the average rounded
 * to two decimals as `Math.round(x * 100) / 100` does (half up, in double precision).
 */
function satisfactionFiguresSQL(project: { districtCode: unknown; id: unknown }) {
  const answer = alias(satisfactionAnswers, 'satisfaction_answer');
  const counts = satisfactionScoreValues.map(
    (score) => sql`count(*) filter (where ${answer.score} = ${sql.raw(String(score))})`,
  );
  return sql`(select jsonb_build_object(
      'answers', count(*),
      'scoreSum', coalesce(sum(${answer.score}), 0),
      'average', case when count(*) = 0 then null
        else floor(sum(${answer.score})::float8 / count(*) * 100 + 0.5) / 100 end,
      'counts', jsonb_build_array(${sql.join(counts, sql`, `)}))
    from ${satisfactionAnswers} ${answer}
    where ${answer.districtCode} = ${project.districtCode} and ${answer.projectId} = ${project.id})`;
}

builder.drizzleObjectField('serviceProjects', 'satisfaction', (t) =>
  t.field({
    type: SatisfactionSummaryRef,
    nullable: true,
    description: 'Residents’ satisfaction answers, summed (one statement per project).',
    resolve: async (project, _args, ctx) => {
      const summary = await ctx.evaluations.satisfactionSummary(project.id);
      if (!summary) return null;
      const { answers, scoreSum, average } = summary;
      const counts = satisfactionScoreValues.map(
        (score) => (summary.counts as Record<number, number>)[score] ?? 0,
      );
      return { answers, scoreSum, average, counts };
    },
    extensions: compiledJson((row) => satisfactionFiguresSQL(row)),
  }),
);

const RecordEvaluationInput = builder.inputType('RecordEvaluationInput', {
  fields: (t) => ({
    contractId: t.id({ required: true }),
    kind: t.field({ type: EvaluationKindEnum, required: true }),
    evaluatorName: t.string({ required: true }),
    evaluatorUscc: t.string({ description: 'Never the undertaker’s nor a rival bidder’s.' }),
    evaluatorOrganizationId: t.id({
      description: 'The evaluator, when it is an organization of this district.',
    }),
    evaluatedOn: t.field({ type: 'Date' }),
    score: t.float({ required: true, description: '0–100.' }),
    grade: t.field({ type: EvaluationGradeEnum, required: true }),
    reportReference: t.string({ required: true }),
    summary: t.string({ required: true, description: 'Published: no personal data.' }),
  }),
});

const RecordSatisfactionInput = builder.inputType('RecordSatisfactionInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    residentId: t.string({
      required: true,
      description:
        'The respondent’s resident identity number: kept only as a keyed hash, to refuse a second answer.',
    }),
    score: t.int({ required: true, description: '1 (very dissatisfied) to 5 (very satisfied).' }),
    answeredOn: t.field({ type: 'Date' }),
  }),
});

defineMutation('recordEvaluation', {
  type: ProjectEvaluationRef,
  description:
    'Record a third-party evaluation: mid-term during delivery, final after it; never by the undertaker or a rival bidder.',
  input: RecordEvaluationInput,
  route: byInputGlobalId('contractId'),
  resolve: async (input, ctx) => {
    const result = await ctx.evaluations.recordEvaluation({
      ...input,
      contractId: await visibleLocalIdOf(ctx, String(input.contractId), 'ServiceContract', [
        'input',
        'contractId',
      ]),
      evaluatorOrganizationId:
        input.evaluatorOrganizationId == null
          ? null
          : await visibleLocalIdOf(ctx, String(input.evaluatorOrganizationId), 'SocialOrganization', [
              'input',
              'evaluatorOrganizationId',
            ]),
    });
    return result.evaluation;
  },
});

defineMutation('recordSatisfaction', {
  type: SatisfactionAnswerRef,
  description: 'Record a resident’s satisfaction with a project: one answer per resident and project.',
  input: RecordSatisfactionInput,
  route: byInputGlobalId('projectId'),
  resolve: async (input, ctx) => {
    const result = await ctx.evaluations.recordSatisfaction({
      ...input,
      projectId: await visibleLocalIdOf(ctx, String(input.projectId), 'ServiceProject', [
        'input',
        'projectId',
      ]),
    });
    return { districtCode: ctx.district.districtCode, id: result.id } as never;
  },
});
