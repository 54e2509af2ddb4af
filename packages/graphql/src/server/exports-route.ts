import {
  type DistrictExportOptions,
  type ExportPublisher,
  exportDistrict,
  exportStandards,
  isExportStandard,
  isSansheError,
} from '@sanshe/core';
import type { Plugin } from 'graphql-yoga';
import type { DistrictSource } from '../gateway/district-source.js';

/**
 * `GET /exports/{ocds|360giving|hsds}/{districtCode}`: a district's service chain in an open
 * standard (四公开, docs/domain.md §6.8 and §11), for integrators: the OCDS 1.1 release package
 * of its purchases, the 360Giving 1.4 package of its funding, the HSDS 3.0 page of its
 * organizations and services. Public data, built from whitelisted fields only (@sanshe/core
 * exports/), so no token is needed and none is read; any web page may fetch it
 * (`Access-Control-Allow-Origin: *`, no credentials).
 *
 * The district rules are the gateway's: a district this gateway does not serve is 404 with the
 * typed error DISTRICT_NOT_SERVED, in the JSON shape of the district endpoints
 * (`{"errors":[{"message","extensions":{"code"}}]}`). A local district is exported from its
 * database. A remote district (a city gateway over district gateways) is exported by the
 * district's own gateway, which holds its database: this gateway forwards the request to the
 * same path at the district gateway's origin when the source says where that is (`origin`), and
 * answers its reply as it came (DISTRICT_UNAVAILABLE, 502, when it does not answer). A remote
 * source that does not say where it is answers 404 DISTRICT_NOT_SERVED naming the reason: ask
 * the district's gateway itself.
 */
export interface DistrictExportsOptions {
  /** The publisher's registered OCID prefix (default: core's placeholder, registered to no one). */
  ocidPrefix?: string;
  /** The publisher's 360Giving prefix (default: core's placeholder). */
  grantIdPrefix?: string;
  /** Who publishes (default: the district's name as recorded). */
  publisher?: ExportPublisher;
  /** The canonical URL of the data's licence. */
  license?: string;
  /**
   * The public URL the exports are reached at, `<uriBase>/<standard>/<code>` (default: this
   * request's origin and `/exports`; set it when the gateway sits behind a proxy that changes it).
   */
  uriBase?: string;
  /** How long a remote district gateway may take to answer a forwarded export. Default 60 s. */
  remoteTimeoutMs?: number;
  /** The clock: when an export is published. */
  now?: () => Date;
}

/** A district source that may say where its own gateway is, so exports can be forwarded to it. */
export type ExportingDistrictSource = DistrictSource & { readonly origin?: string };

const exportPath = /^\/exports\/([^/]+)\/([^/]+)$/;

function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...publicHeaders, ...headers },
  });
}

const publicHeaders = {
  'access-control-allow-origin': '*',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/** The Yoga plugin that answers `/exports/<standard>/<district>` before anything else runs. */
export function useDistrictExports(
  sources: readonly ExportingDistrictSource[],
  options: DistrictExportsOptions = {},
): Plugin {
  const byCode = new Map(sources.map((source) => [source.districtCode, source]));
  const now = options.now ?? (() => new Date());
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const match = exportPath.exec(url.pathname);
      if (!match) return;
      const [, standard, districtCode] = match as unknown as [string, string, string];
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          errorResponse(fetchAPI, 405, 'BAD_REQUEST', `Exports are read with GET, not ${request.method}.`, {
            allow: 'GET, HEAD',
          }),
        );
        return;
      }
      if (!isExportStandard(standard)) {
        endResponse(
          errorResponse(
            fetchAPI,
            404,
            'NOT_FOUND',
            `There is no export "${standard}"; the exports are ${Object.keys(exportStandards).join(', ')}.`,
          ),
        );
        return;
      }
      const source = byCode.get(districtCode);
      if (!source) {
        endResponse(
          errorResponse(fetchAPI, 404, 'DISTRICT_NOT_SERVED', `District ${districtCode} is not served here.`),
        );
        return;
      }
      if (!source.database) {
        endResponse(await forwardToDistrictGateway(source, `${url.pathname}`, request, options, fetchAPI));
        return;
      }
      const exportOptions: DistrictExportOptions = {
        publishedAt: now().toISOString(),
        uriBase: options.uriBase ?? `${url.origin}/exports`,
        ...(options.ocidPrefix ? { ocidPrefix: options.ocidPrefix } : {}),
        ...(options.grantIdPrefix ? { grantIdPrefix: options.grantIdPrefix } : {}),
        ...(options.publisher ? { publisher: options.publisher } : {}),
        ...(options.license ? { license: options.license } : {}),
      };
      let document: object;
      try {
        document = await exportDistrict(source.database.db, standard, districtCode, exportOptions);
      } catch (error) {
        // The path is the only input: a district whose database records no district row is not
        // found; anything else (a misconfigured prefix, a database down) is the server's fault.
        if (isSansheError(error) && error.kind === 'not_found') {
          endResponse(errorResponse(fetchAPI, 404, error.code, error.message));
          return;
        }
        throw error;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : JSON.stringify(document), {
          status: 200,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-disposition': `attachment; filename="${exportFileName(standard, districtCode)}"`,
            ...publicHeaders,
          },
        }),
      );
    },
  };
}

/** The file an export is saved as: `<district>-<standard>.json`. */
export function exportFileName(standard: string, districtCode: string): string {
  return `${districtCode}-${standard}.json`;
}

async function forwardToDistrictGateway(
  source: ExportingDistrictSource,
  path: string,
  request: Request,
  options: DistrictExportsOptions,
  fetchAPI: { Response: typeof Response },
): Promise<Response> {
  if (!source.origin) {
    return errorResponse(
      fetchAPI,
      404,
      'DISTRICT_NOT_SERVED',
      `District ${source.districtCode} is served by another gateway, which publishes its exports: ask it for ${path}.`,
    );
  }
  try {
    const reply = await fetch(`${source.origin.replace(/\/+$/, '')}${path}`, {
      method: request.method,
      signal: AbortSignal.timeout(options.remoteTimeoutMs ?? 60_000),
    });
    const headers: Record<string, string> = { ...publicHeaders };
    for (const name of ['content-type', 'content-disposition']) {
      const value = reply.headers.get(name);
      if (value) headers[name] = value;
    }
    return new fetchAPI.Response(request.method === 'HEAD' ? null : await reply.arrayBuffer(), {
      status: reply.status,
      headers,
    });
  } catch {
    return errorResponse(
      fetchAPI,
      502,
      'DISTRICT_UNAVAILABLE',
      `The gateway of district ${source.districtCode} did not answer for its export.`,
    );
  }
}
