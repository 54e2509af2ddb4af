/**
 * GraphiQL on a closed network, in a real browser: headless Chromium opens the gateway's
 * GraphiQL over HTTP with every other origin blocked, picks a demo role, runs the example query
 * with the run button and reads the answer off the page. A page that loads a script, style, font
 * or icon from anywhere but the gateway fails here (the request is blocked and recorded).
 *
 * Needs Chromium at /usr/bin/chromium (Debian: `apt-get install chromium`); skipped without it.
 * With SANSHE_SCREENSHOT=<file.png> in the environment the page is captured after the query ran.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DistrictDatabase } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { sql } from 'drizzle-orm';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoToken,
  demoTokens,
  demoTokenVerification,
  graphiqlDemoTokens,
} from '../src/cli/demo-tokens.js';
import { createGateway, type DemoCity, type ListeningGateway, listen, openDemoCity } from '../src/index.js';
import { demoRolePickerId, graphiqlExampleQuery } from '../src/server/graphiql.js';

const chromiumPath = '/usr/bin/chromium';
const missingChromium = existsSync(chromiumPath)
  ? undefined
  : `skipped: no Chromium at ${chromiumPath}; install it with apt-get install chromium`;
// A skipped suite shows no reason in the summary: say it where the run's output shows it.
if (missingChromium) console.warn(`GraphiQL browser test ${missingChromium}`);
/** Browser waits: a 9 MB page and Monaco's start on a busy machine (a limit, not an assertion). */
const browserWaitMs = 120_000;

let city: DemoCity;
let running: ListeningGateway;
let tokens: DemoToken[];

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  // As `sanshe serve` does for the demo city: a secret of this run, and tokens made through the
  // gateway once it exists, handed to GraphiQL when its page is first asked for.
  const demoAuth = demoTokenVerification();
  let made: Promise<DemoToken[]> | undefined;
  const gateway = createGateway({
    districts: city.sources,
    auth: demoAuth,
    logging: false,
    graphiqlDemoTokens: async () => graphiqlDemoTokens(await made!),
  });
  made = demoTokens(gateway, demoAuth);
  tokens = await made;
  running = await listen(gateway, { port: 0 });
});
afterAll(() => running?.close());

/** The first community the example query lists (by code, across districts) and what is rooted in it. */
async function firstCommunity(databases: readonly DistrictDatabase[]) {
  const rows = async <T>(database: DistrictDatabase, query: ReturnType<typeof sql>) =>
    ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const firsts = await Promise.all(
    databases.map(async (database) => {
      const [first] = await rows<{ code: string; name: string }>(
        database,
        sql`select code, name from communities where retired_on is null and effective_from <= current_date
            order by code limit 1`,
      );
      return first ? { database, ...first } : undefined;
    }),
  );
  const first = firsts
    .filter((found) => found !== undefined)
    .sort((a, b) => a.code.localeCompare(b.code))[0]!;
  const organizations = await rows<{ name: string }>(
    first.database,
    sql`select o.name from social_organizations o
        join communities c on c.district_code = o.district_code and c.id = o.community_id
        where c.code = ${first.code} and o.status = 'active'`,
  );
  return { code: first.code, name: first.name, organizations: organizations.map((o) => o.name) };
}

describe.skipIf(missingChromium)(
  `GraphiQL with no network but the gateway's, in headless Chromium${missingChromium ? ` (${missingChromium})` : ''}`,
  () => {
    let context: BrowserContext;
    let profile: string;
    beforeAll(async () => {
      profile = mkdtempSync(join(tmpdir(), 'sanshe-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1400, height: 900 },
      });
      context.setDefaultTimeout(browserWaitMs);
    });
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('runs the example query as a demo role, every asset served by the gateway', async () => {
      const community = await firstCommunity(city.databases);
      // PUBLIC sees no organizations: finding one on the page shows the role's token was sent.
      expect(community.organizations.length).toBeGreaterThan(0);

      const gatewayOrigin = new URL(running.origin).origin;
      const allowed: string[] = [];
      const blocked: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === gatewayOrigin) {
          allowed.push(url);
          return route.continue();
        }
        blocked.push(url);
        return route.abort('blockedbyclient');
      });

      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const opened = await page.goto(`${running.origin}/graphql`);
      expect(opened?.headers()['content-type']).toMatch(/text\/html/);
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
      const picker = page.locator(`#${demoRolePickerId}:enabled`);
      await picker.waitFor();

      await picker.selectOption('DISTRICT_ADMIN');
      const districtAdmin = tokens.find((token) => token.role === 'DISTRICT_ADMIN')!;
      // The headers editor holds the header now (Monaco shows the start of the long token).
      const header = page
        .locator('.graphiql-editor-tool .monaco-editor')
        .getByText(`Bearer ${districtAdmin.token.slice(0, 20)}`);
      await header.waitFor();

      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.graphiql-response .monaco-editor .view-lines');
      await result.getByText(community.name, { exact: false }).first().waitFor();
      const shown = (await result.textContent())?.replaceAll('\u00a0', ' ') ?? '';
      expect(shown).toContain(community.code);
      expect(community.organizations.some((name) => shown.includes(name))).toBe(true);

      if (process.env.SANSHE_SCREENSHOT) await page.screenshot({ path: process.env.SANSHE_SCREENSHOT });

      // Back to PUBLIC: the header leaves the editor.
      await picker.selectOption('');
      await header.waitFor({ state: 'detached' });
      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
      // The route saw the page and the query: had it seen nothing, "nothing blocked" would mean nothing.
      expect(allowed).toContain(`${running.origin}/graphql`);
      await page.close();
    }, 300_000);
  },
);

describe('the GraphiQL page without a browser', () => {
  const pageOf = async (
    url: string,
    fetcher: (url: string, init: RequestInit) => Response | Promise<Response> = fetch,
  ) => (await fetcher(url, { headers: { accept: 'text/html' } })).text();

  it('names no other origin in an element or style (the browser test checks at run time)', async () => {
    const page = await pageOf(`${running.origin}/graphql`);
    expect(page).toContain('CommunitiesWithOrganizations');
    expect(page).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/@import/i);
  });

  it('opens with an example query that runs against the schema', async () => {
    const community = await firstCommunity(city.databases);
    const districtAdmin = tokens.find((token) => token.role === 'DISTRICT_ADMIN')!;
    const response = await fetch(`${running.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${districtAdmin.token}` },
      body: JSON.stringify({ query: graphiqlExampleQuery }),
    });
    const body = (await response.json()) as {
      errors?: unknown;
      data: { communities: { nodes: { code: string; name: string }[] } };
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.communities.nodes[0]).toMatchObject({ code: community.code, name: community.name });
  });

  it('puts no token in the page of a gateway without demo tokens', async () => {
    // The same districts behind a gateway not in demo mode (not closed here: the districts
    // belong to the demo gateway).
    const plain = createGateway({ districts: city.sources, auth: demoTokenVerification(), logging: false });
    const plainPage = await pageOf('http://sanshe.test/graphql', (url, init) => plain.yoga.fetch(url, init));
    expect(plainPage).toContain('CommunitiesWithOrganizations');
    expect(plainPage).not.toContain(demoRolePickerId);
    for (const { token } of tokens) expect(plainPage).not.toContain(token);

    // The demo gateway's page does hold them: the check above looks for something that exists.
    const demoPage = await pageOf(`${running.origin}/graphql`);
    for (const { token } of tokens) expect(demoPage).toContain(token);
  });
});
