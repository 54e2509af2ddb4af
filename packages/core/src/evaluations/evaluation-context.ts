import { and, eq, ne } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type ContractChain, loadContractChain } from '../delivery/contract-chain.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { type Purchase, purchases } from '../schema/purchases.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';

/**
 * What the use cases of evaluation share, for one district and one caller: the service kit, the
 * parsing of published text, and the loads of the chain they judge. The use cases are
 * satisfaction.ts (residents) and third-party-evaluations.ts (evaluators); reads are in
 * evaluation-reads.ts; the rules are pure, in evaluation-rules.ts.
 */
export function createEvaluationContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { districtCode } = kit;

  /** Text PUBLIC reads (evaluation results are disclosed, §6.8): checked, no ID or phone number. */
  function publishedText(
    value: unknown,
    field: string,
    maxLength: number,
    label: string,
    multiline = false,
  ): string {
    const path = ['input', field];
    return kit.unwrap(checkPublishedText(kit.text(value, path, { maxLength, label, multiline }), { path }));
  }

  function contractChain(
    executor: SansheDb,
    contractId: number,
    path: FieldPath,
    lock: RowLock = false,
  ): Promise<ContractChain> {
    return loadContractChain(kit, executor, contractId, path, lock);
  }

  /** The project's live purchase (one at most: `purchases_live_per_project_unique`), or undefined. */
  async function livePurchaseOf(executor: SansheDb, projectId: number): Promise<Purchase | undefined> {
    const [purchase] = await executor
      .select()
      .from(purchases)
      .where(
        and(
          eq(purchases.districtCode, districtCode),
          eq(purchases.projectId, projectId),
          ne(purchases.stage, 'cancelled'),
        ),
      );
    return purchase;
  }

  return { kit, db: kit.db, districtCode, publishedText, contractChain, livePurchaseOf };
}

export type EvaluationContext = ReturnType<typeof createEvaluationContext>;
