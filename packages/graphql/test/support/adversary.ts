import { findPersonalData } from '@sanshe/core';
import { expect } from 'vitest';
import type { Caller, GraphQLResponse, TestGateway } from './demo-gateway.js';

/**
 * The adversarial suites' bookkeeping: every attack is sent through `attack`, counted under its
 * class, and its answer scanned for personal data (anything that looks like an ID number or a
 * mobile number, and the suite's own canary values). `report` prints one line per class (tried,
 * refused, allowed reads answered) with the rows changed in every district and the leaks found,
 * which is what the suites assert to be zero.
 */
export interface ClassTally {
  attempts: number;
  refused: number;
  answered: number;
}

export type DatabaseSnapshot = Awaited<ReturnType<TestGateway['snapshot']>>;

export function createAdversary(t: () => TestGateway, canaries: readonly string[] = []) {
  const classes = new Map<string, ClassTally>();
  const leaks: string[] = [];
  const tallyOf = (name: string) => {
    let tally = classes.get(name);
    if (!tally) {
      tally = { attempts: 0, refused: 0, answered: 0 };
      classes.set(name, tally);
    }
    return tally;
  };

  return {
    classes,
    leaks,
    tallyOf,

    /** Send one attack of a class; count it; scan the answer for personal data. */
    async attack(
      className: string,
      query: string,
      variables?: Record<string, unknown>,
      /** Default: the city administrator, who may do the most. */
      as?: Caller,
      // biome-ignore lint/suspicious/noExplicitAny: suites read loosely shaped responses
    ): Promise<GraphQLResponse<any>> {
      tallyOf(className).attempts += 1;
      const response = await t().gql(query, variables, as);
      const body = JSON.stringify(response);
      for (const canary of canaries) {
        if (body.includes(canary)) leaks.push(`${className}: canary in answer to ${query.slice(0, 60)}`);
      }
      JSON.stringify(response.data ?? null, (key, value) => {
        if (typeof value === 'string' && key !== 'uscc') {
          for (const finding of findPersonalData(value)) leaks.push(`${className} ${key}: ${finding.masked}`);
        }
        return value;
      });
      return response;
    },

    /** The response is a refusal with typed codes (all among `allowed`, when given). */
    expectRefused(className: string, response: GraphQLResponse, allowed?: readonly string[]): string[] {
      const codes = refusalCodes(response);
      expect(codes.length, JSON.stringify(response).slice(0, 300)).toBeGreaterThan(0);
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      expect(codes).not.toContain('NO_CODE');
      if (allowed) for (const code of codes) expect(allowed).toContain(code);
      tallyOf(className).refused += 1;
      return codes;
    },

    /** Count an allowed read that answered. */
    answered(className: string) {
      tallyOf(className).answered += 1;
    },

    /** Count a refusal checked by the caller's own assertions. */
    refused(className: string) {
      tallyOf(className).refused += 1;
    },

    /** One line per class, then the totals; for the record. */
    report(suite: string, rowsChanged: number): string {
      const lines = [...classes.entries()].map(
        ([name, tally]) =>
          `  ${name}: ${tally.attempts} tried, ${tally.refused} refused, ${tally.answered} allowed reads answered`,
      );
      const total = [...classes.values()].reduce((sum, tally) => sum + tally.attempts, 0);
      return [
        `adversarial (${suite}): ${total} requests, ${rowsChanged} rows changed, ${leaks.length} values leaked`,
        ...lines,
      ].join('\n');
    },
  };
}

/** The codes of a response's refusals: top-level errors and mutation result union members. */
export function refusalCodes(response: GraphQLResponse): string[] {
  const codes = (response.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
  for (const value of Object.values(response.data ?? {})) {
    const code = (value as { code?: unknown } | null)?.code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/** Rows that differ between two snapshots of every district, counted both ways. */
export function changedRows(a: DatabaseSnapshot, b: DatabaseSnapshot): number {
  let changed = 0;
  for (const district of Object.keys({ ...a, ...b })) {
    for (const table of Object.keys({ ...a[district], ...b[district] })) {
      const left = new Set((a[district]?.[table] ?? []).map((row) => JSON.stringify(row)));
      const right = new Set((b[district]?.[table] ?? []).map((row) => JSON.stringify(row)));
      for (const row of left) if (!right.has(row)) changed += 1;
      for (const row of right) if (!left.has(row)) changed += 1;
    }
  }
  return changed;
}
