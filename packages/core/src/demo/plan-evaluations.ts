import type { projectEvaluations } from '../schema/evaluations.js';
import { addDays } from '../services/dates.js';
import { computeOrganizationCodeCheck } from '../validators/organization-code.js';
import { computeUsccCheck } from '../validators/uscc.js';
import { evaluatorNames } from './chain-texts.js';
import { agencyStems } from './names.js';
import type { NewOrganization } from './plan-organizations.js';
import { minDate } from './plan-project-designs.js';
import type { PlannedContract } from './plan-purchases.js';
import { daysBetween, type Random, randomDate, shuffled } from './random.js';

export type NewEvaluation = typeof projectEvaluations.$inferInsert & { id: number };

export interface EvaluationPlanContext {
  districtCode: string;
  asOf: string;
  random: Random;
  organizations: readonly NewOrganization[];
  contracts: readonly PlannedContract[];
}

interface Evaluator {
  name: string;
  uscc: string;
  organizationId: number | null;
}

/**
 * The grade of a score. The cut-offs are local (policy `evaluation.grade_cutoffs` to come,
 * docs/domain.md §6.9); these are the common 90 / 80 / 60.
 */
export function evaluationGrade(score: number): 'excellent' | 'good' | 'pass' | 'fail' {
  return score >= 90 ? 'excellent' : score >= 80 ? 'good' : score >= 60 ? 'pass' : 'fail';
}

const summaries = {
  midterm: {
    excellent: '项目进度超出计划，服务记录完整规范，服务对象反馈积极，建议保持现有服务节奏。',
    good: '项目按计划推进，主要产出指标完成过半，档案资料基本规范，建议加强服务成效的记录与总结。',
    pass: '项目总体按计划推进，部分活动频次不足，建议调整服务计划并加强社工督导。',
  },
  final: {
    excellent: '项目全面完成合同约定的产出指标，服务成效明显，居民满意度高，财务管理规范，评为优秀。',
    good: '项目完成合同约定的主要产出和效果指标，服务对象满意度较高，档案与财务管理规范，评为良好。',
    pass: '项目基本完成合同约定的服务内容，个别效果指标未达预期，建议承接机构在后续项目中加以改进。',
  },
} as const;

/**
 * Third-party evaluations (第三方评估, docs/domain.md §6.7; 民发〔2012〕196号) of the contracts in
 * delivery or past it: a mid-term evaluation halfway through delivery (the purchase then at
 * implementation) for a contract that pays a mid-term tranche or runs half a year or more, and the
 * final evaluation once the evaluation stage is under way (always before closure). Evaluators are
 * evaluation agencies from outside the district, or a district social work agency; never the
 * undertaker nor another bidder for the same purchase (`requireIndependentEvaluator`).
 */
export function planEvaluations(context: EvaluationPlanContext): NewEvaluation[] {
  const { districtCode, asOf, random } = context;
  const rows: NewEvaluation[] = [];
  // Outside agencies are registered where the city's bureau is (the district code's city, 00).
  const cityCode = `${districtCode.slice(0, 4)}00`;
  let nextCode = random.int(100_000, 800_000);
  const outside: Evaluator[] = shuffled(random, agencyStems)
    .slice(0, evaluatorNames.length)
    .map((stem, index) => {
      const body = `MJ${String(nextCode++).padStart(6, '0')}`;
      const first17 = `52${cityCode}${body}${computeOrganizationCodeCheck(body)}`;
      return {
        name: `${stem}${evaluatorNames[index]}`,
        uscc: first17 + computeUsccCheck(first17),
        organizationId: null,
      };
    });
  const agencies = context.organizations.filter(
    (o) =>
      o.legalStatus === 'registered' &&
      !o.deregisteredOn &&
      o.communityId == null &&
      o.legalForm === 'social_service_agency',
  );
  const serials = new Map<string, number>();

  for (const planned of context.contracts) {
    const { purchase, contract, tranches } = planned;
    if (!['implementation', 'evaluation', 'closure'].includes(purchase.stage!)) continue;
    const candidates = agencies.filter(
      (a) =>
        a.id !== contract.organizationId &&
        !planned.bidderIds.includes(a.id) &&
        a.registeredOn <= contract.startsOn,
    );
    const evaluator: Evaluator =
      candidates.length > 0 && random.next() < 0.3
        ? (() => {
            const agency = random.pick(candidates);
            return { name: agency.name, uscc: agency.uscc!, organizationId: agency.id };
          })()
        : random.pick(outside);
    const base = 74 + random.next() * 22;
    const deliveredUntil = contract.terminatedOn ?? contract.endsOn;
    const term = daysBetween(contract.startsOn, contract.endsOn);
    const midpoint = addDays(contract.startsOn, Math.round(term / 2));
    const paysMidterm = tranches.some((t) => t.milestone === 'midterm_evaluation');
    // Halfway through delivery, while the purchase is at implementation (evaluations/evaluation-
    // rules.ts `requireEvaluationTiming`); one under way may not have reached it yet.
    const midtermUntil = [addDays(midpoint, 10), deliveredUntil, asOf].reduce(minDate);
    const midtermDue = purchase.stage !== 'implementation' || random.next() < 0.8;
    if (
      midtermDue &&
      (paysMidterm || term >= 180) &&
      midpoint < deliveredUntil &&
      addDays(midpoint, -7) <= midtermUntil
    ) {
      add('midterm', randomDate(random, addDays(midpoint, -7), midtermUntil), base - random.next() * 4);
    }
    if (purchase.stage === 'implementation') continue;
    const evaluationStartedOn = purchase.evaluationStartedOn!;
    if (purchase.stage === 'closure') {
      add(
        'final',
        randomDate(random, addDays(evaluationStartedOn, 7), addDays(purchase.closedOn!, -5)),
        base,
      );
    } else if (daysBetween(evaluationStartedOn, asOf) >= 12 && random.next() < 0.75) {
      const latest = minDate(addDays(evaluationStartedOn, 30), asOf);
      add('final', randomDate(random, addDays(evaluationStartedOn, 7), latest), base);
    }

    function add(kind: 'midterm' | 'final', evaluatedOn: string, rawScore: number) {
      const score = Math.round(rawScore * 100) / 100;
      const grade = evaluationGrade(score);
      rows.push({
        districtCode,
        id: 0,
        contractId: contract.id,
        undertakerOrganizationId: contract.organizationId,
        kind,
        evaluatorName: evaluator.name,
        evaluatorUscc: evaluator.uscc,
        evaluatorOrganizationId: evaluator.organizationId,
        evaluatedOn,
        score,
        grade,
        reportReference: '',
        summary: grade === 'fail' ? '项目未达到合同约定的服务要求。' : summaries[kind][grade],
      });
    }
  }
  // Ids and report numbers follow the day of the evaluation.
  return rows
    .sort((a, b) => (a.evaluatedOn < b.evaluatedOn ? -1 : a.evaluatedOn > b.evaluatedOn ? 1 : 0))
    .map((row, index) => {
      const year = row.evaluatedOn.slice(0, 4);
      const serial = (serials.get(year) ?? 0) + 1;
      serials.set(year, serial);
      return { ...row, id: index + 1, reportReference: `评估报告〔${year}〕第${serial}号` };
    });
}
