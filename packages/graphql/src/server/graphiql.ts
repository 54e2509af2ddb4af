import type { GraphiQLOptions } from 'graphql-yoga';

/** One demo role's token, offered by the GraphiQL page's role picker. */
export interface GraphiQLDemoToken {
  /** The role, e.g. DISTRICT_ADMIN (also the picker's value). */
  role: string;
  /** What the picker shows, e.g. "DISTRICT_ADMIN · 320505". */
  label: string;
  /** The bearer token sent as `Authorization: Bearer <token>`. */
  token: string;
}

/**
 * The demo tokens GraphiQL offers: a list, or a function giving it once the page is first asked
 * for (the CLI's demo tokens look organizations up through the gateway, so they can only be made
 * after it).
 */
export type GraphiQLDemoTokens =
  | readonly GraphiQLDemoToken[]
  | (() => readonly GraphiQLDemoToken[] | Promise<readonly GraphiQLDemoToken[]>);

/** The query a fresh GraphiQL tab opens with: works on any gateway, for any caller. */
export const graphiqlExampleQuery = `# Communities and the social organizations
# rooted in them (社区社会组织), across the
# districts served, by code. Run: Ctrl-Enter.
# Without an Authorization header you are
# PUBLIC: communities, but no organizations.
query CommunitiesWithOrganizations {
  communities(first: 5) {
    totalCount
    nodes {
      code
      name
      residentPopulation
      subdistrict { name }
      socialOrganizations(
        first: 5
        filter: { status: ACTIVE }
      ) {
        totalCount
        nodes {
          name
          category
          legalStatus
          currentGrade { gradeName validUntil }
        }
      }
    }
  }
}
`;

/** Where the demo role picker is, for people reading the page and for the browser test. */
export const demoRolePickerId = 'sanshe-demo-role';

export interface SansheGraphiQL {
  /** Yoga's `graphiql` option. */
  options: GraphiQLOptions;
  /** Yoga's `renderGraphiQL` option: the page, with every script, style, font and icon inline. */
  render(options: GraphiQLOptions): Promise<string>;
}

/**
 * GraphiQL that needs no network but the gateway's: Yoga's own page loads GraphiQL from a public
 * CDN, which a government network without internet cannot reach (the page stays at "Loading…").
 * This one is built from `@graphql-yoga/render-graphiql`, which bundles GraphiQL, Monaco, its
 * workers, fonts (as data: URLs) and favicon; the page references no other origin.
 *
 * With demo tokens the page also has a role picker that writes the chosen role's
 * `Authorization` header into GraphiQL's headers editor. Without them no token is in the page.
 * Headers are never persisted in the browser's storage: a token outlives neither the tab nor,
 * for the demo, the process that signed it.
 */
export function sansheGraphiQL(demoTokens?: GraphiQLDemoTokens): SansheGraphiQL {
  const options: GraphiQLOptions = {
    title: 'sanshe GraphiQL',
    defaultQuery: graphiqlExampleQuery,
    shouldPersistHeaders: false,
    // With a role picker, show the headers editor it writes to.
    defaultEditorToolsVisibility: demoTokens ? 'headers' : true,
  };
  // The page is about 9 MB (GraphiQL and Monaco inline), so it is built once per set of options;
  // a failed build (demo tokens not made) is not remembered.
  let built: { key: string; page: Promise<string> } | undefined;
  const render = (renderOptions: GraphiQLOptions): Promise<string> => {
    const key = JSON.stringify(renderOptions);
    if (built?.key !== key) {
      const page = buildPage(renderOptions, demoTokens);
      built = { key, page };
      page.catch(() => {
        if (built?.page === page) built = undefined;
      });
    }
    return built.page;
  };
  return { options, render };
}

async function buildPage(
  options: GraphiQLOptions,
  demoTokens: GraphiQLDemoTokens | undefined,
): Promise<string> {
  // Loaded on the first page asked for: a gateway nobody opens in a browser never parses it.
  const [assets, tokens] = await Promise.all([
    import('@graphql-yoga/render-graphiql/graphiql'),
    typeof demoTokens === 'function' ? demoTokens() : demoTokens,
  ]);
  const picker = tokens && tokens.length > 0;
  // As `renderGraphiQL` of @graphql-yoga/render-graphiql builds it, plus the role picker; Monaco's
  // global API is exposed only for the picker, which writes to the headers editor's model.
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${assets.favicon}" />
    <style>
      ${assets.css}
    </style>
    ${picker ? pickerStyle : ''}
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    ${picker ? pickerBar(tokens) : ''}
    <div id="root"></div>
    <script>
      function prepareBlob(workerContent) {
        const blob = new Blob([workerContent], { type: 'application/javascript' });
        return URL.createObjectURL(blob);
      }
      const workers = {
        editorWorkerService: prepareBlob(${JSON.stringify(assets.editorWorkerService)}),
        json: prepareBlob(${JSON.stringify(assets.jsonWorker)}),
        graphql: prepareBlob(${JSON.stringify(assets.graphqlWorker)}),
      };
      self['MonacoEnvironment'] = {
        globalAPI: ${picker ? 'true' : 'false'},
        getWorkerUrl: function (moduleId, label) {
          return workers[label];
        },
      };
      ${assets.js};
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
    ${picker ? pickerScript(tokens) : ''}
  </body>
</html>
`;
}

const pickerStyle = `<style>
      body { display: flex; flex-direction: column; height: 100vh; }
      #root { flex: 1; min-height: 0; }
      #root .graphiql-container { height: 100%; width: 100%; }
      #sanshe-demo-bar {
        display: flex; align-items: center; gap: 12px; padding: 8px 16px;
        font: 14px system-ui, sans-serif; background: #fff7e0; color: #3d3000;
        border-bottom: 1px solid #e8d9a8;
      }
      #sanshe-demo-bar select { font: inherit; padding: 2px 6px; }
      #sanshe-demo-bar small { color: #6b5a1e; }
    </style>`;

function pickerBar(tokens: readonly GraphiQLDemoToken[]): string {
  const choices = tokens
    .map(({ role, label }) => `<option value="${escapeHtml(role)}">${escapeHtml(label)}</option>`)
    .join('');
  return `<header id="sanshe-demo-bar">
      <label for="${demoRolePickerId}"><strong>Demo role</strong></label>
      <select id="${demoRolePickerId}" disabled>
        <option value="">PUBLIC (no token)</option>${choices}
      </select>
      <small>Demo tokens, for the demo city only: the role's Authorization header goes into the Headers editor below.</small>
    </header>`;
}

/**
 * The picker sets or removes `Authorization` in the headers editor's JSON, keeping any other
 * header typed there. It waits for GraphiQL to create that editor's model.
 */
function pickerScript(tokens: readonly GraphiQLDemoToken[]): string {
  const byRole = Object.fromEntries(tokens.map(({ role, token }) => [role, token]));
  return `<script>
      (function () {
        const tokens = ${scriptJson(byRole)};
        const picker = document.getElementById(${scriptJson(demoRolePickerId)});
        const isHeaders = (model) => model.uri.path.endsWith('request-headers.json');
        const headersModel = () => globalThis.monaco.editor.getModels().find(isHeaders);
        function apply() {
          const model = headersModel();
          if (!model) return;
          let headers = {};
          try {
            const typed = JSON.parse(model.getValue() || '{}');
            if (typed && typeof typed === 'object' && !Array.isArray(typed)) headers = typed;
          } catch {}
          for (const name of Object.keys(headers)) {
            if (name.toLowerCase() === 'authorization') delete headers[name];
          }
          const token = tokens[picker.value];
          if (token) headers = { Authorization: 'Bearer ' + token, ...headers };
          model.setValue(Object.keys(headers).length > 0 ? JSON.stringify(headers, null, 2) : '');
        }
        picker.addEventListener('change', apply);
        const ready = () => { picker.disabled = false; };
        if (headersModel()) ready();
        else {
          const watch = globalThis.monaco.editor.onDidCreateModel((model) => {
            if (!isHeaders(model)) return;
            watch.dispose();
            ready();
          });
        }
      })();
    </script>`;
}

/** JSON safe inside a <script> element: nothing in it can close the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
