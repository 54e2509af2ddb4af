import { createVolunteerCertificates, escapeHtml, isSansheError, renderCertificateHtml } from '@sanshe/core';
import type { Plugin } from 'graphql-yoga';
import { actorOf, type Principal, publicPrincipal } from '../auth/principal.js';
import type { ExportingDistrictSource } from './exports-route.js';

/**
 * Certificates of service on the web (志愿服务记录证明, docs/domain.md §5.3):
 *
 * - `GET /volunteer-certificates/<district>/<number>`: the printable certificate, a complete HTML
 *   page in Chinese (A4 print styles, no script, nothing loaded from elsewhere), for the volunteer
 *   itself, staff who can see the volunteer (bearer token), or anyone holding the verification
 *   code (`?code=`, so the page can be shared as a link). Anyone else gets the same 404 as for a
 *   certificate that does not exist.
 * - `GET /volunteer-certificates/verify?district=&number=&code=&hours=&name=`: the public check,
 *   as JSON (`{valid, reason, mismatches, issued}`), the answer of `verifyVolunteerCertificate`.
 *
 * A remote district (a city gateway over district gateways) is asked at its own gateway, as the
 * exports are (exports-route.ts): the request is forwarded with its query, never with the
 * caller's token (the district gateway trusts its own tokens only), so through a city gateway a
 * page opens with its `code`.
 *
 * Mounted after authentication, which reads the bearer token into `principals`.
 */
export interface VolunteerCertificateRouteOptions {
  /**
   * The public URL of the verification (default: this request's origin and
   * `/volunteer-certificates/verify`; set it when the gateway sits behind a proxy).
   */
  verifyUrl?: string;
  /** How long a remote district gateway may take to answer a forwarded request. Default 30 s. */
  remoteTimeoutMs?: number;
}

export const certificatePathPrefix = '/volunteer-certificates/';
const pagePath = /^\/volunteer-certificates\/([^/]+)\/([^/]+)$/;
const verifyPath = '/volunteer-certificates/verify';

// Copied into every response: a Response may write its content-length into the object it is given.
const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  // The page holds personal data: no caching, no referrer (its URL may carry the code), no
  // script, and only its own inline styles.
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const jsonHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'access-control-allow-origin': '*',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

type FetchAPI = { Response: typeof Response };

function jsonError(
  fetchAPI: FetchAPI,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { ...jsonHeaders, ...extra },
  });
}

function notFoundPage(fetchAPI: FetchAPI, message: string): Response {
  const body = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>未找到志愿服务记录证明</title></head>
<body><h1>未找到志愿服务记录证明</h1><p>${escapeHtml(message)}</p></body></html>
`;
  return new fetchAPI.Response(body, { status: 404, headers: { ...pageHeaders } });
}

/** The Yoga plugin answering `/volunteer-certificates/...`. */
export function useVolunteerCertificates(
  sources: readonly ExportingDistrictSource[],
  principals: WeakMap<Request, Principal>,
  options: VolunteerCertificateRouteOptions = {},
): Plugin {
  const byCode = new Map(sources.map((source) => [source.districtCode, source]));
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(certificatePathPrefix)) return;
      if (request.method !== 'GET') {
        endResponse(
          jsonError(fetchAPI, 405, 'BAD_REQUEST', `Certificates are read with GET, not ${request.method}.`, {
            allow: 'GET',
          }),
        );
        return;
      }
      const isVerify = url.pathname === verifyPath;
      const match = isVerify ? null : pagePath.exec(url.pathname);
      const districtCode = isVerify ? (url.searchParams.get('district') ?? '') : match?.[1];
      if (districtCode === undefined) {
        endResponse(notFoundPage(fetchAPI, '地址不正确。'));
        return;
      }
      const source = byCode.get(districtCode);
      if (!source) {
        endResponse(
          isVerify
            ? jsonError(
                fetchAPI,
                404,
                'DISTRICT_NOT_SERVED',
                `District ${districtCode.slice(0, 12)} is not served here.`,
              )
            : notFoundPage(fetchAPI, '本服务不受理该地区的证明。'),
        );
        return;
      }
      if (!source.database) {
        endResponse(await forward(source, `${url.pathname}${url.search}`, options, fetchAPI, isVerify));
        return;
      }
      const actor = actorOf(principals.get(request) ?? publicPrincipal);
      const certificates = createVolunteerCertificates(source.database, { actor });
      if (isVerify) {
        const number = url.searchParams.get('number');
        const code = url.searchParams.get('code');
        if (!number || !code) {
          endResponse(
            jsonError(fetchAPI, 400, 'VALIDATION_FAILED', 'Give the certificate’s number and code.'),
          );
          return;
        }
        const hours = url.searchParams.get('hours');
        const statedHours = hours === null || hours.trim() === '' ? null : Number(hours);
        try {
          const answer = await certificates.verifyCertificate({
            number,
            code,
            statedHours,
            statedName: url.searchParams.get('name'),
          });
          endResponse(
            new fetchAPI.Response(JSON.stringify(answer), { status: 200, headers: { ...jsonHeaders } }),
          );
        } catch (error) {
          if (!isSansheError(error) || error.kind !== 'validation') throw error;
          endResponse(jsonError(fetchAPI, 400, error.code, error.message));
        }
        return;
      }
      const readable = await certificates.readableCertificate({
        number: decodeURIComponent(match![2]!),
        code: url.searchParams.get('code'),
      });
      if (!readable) {
        endResponse(
          notFoundPage(fetchAPI, '该证明不存在，或您无权查看（持有验证码者请在地址后附 ?code=验证码）。'),
        );
        return;
      }
      const html = renderCertificateHtml(readable.content, {
        verificationCode: readable.certificate.verificationCode,
        revokedOn: readable.certificate.revokedOn,
        verifyUrl: options.verifyUrl ?? `${url.origin}${verifyPath}`,
      });
      endResponse(new fetchAPI.Response(html, { status: 200, headers: { ...pageHeaders } }));
    },
  };
}

async function forward(
  source: ExportingDistrictSource,
  path: string,
  options: VolunteerCertificateRouteOptions,
  fetchAPI: FetchAPI,
  isVerify: boolean,
): Promise<Response> {
  if (!source.origin) {
    return isVerify
      ? jsonError(
          fetchAPI,
          404,
          'DISTRICT_NOT_SERVED',
          `District ${source.districtCode} is served by another gateway: ask it.`,
        )
      : notFoundPage(fetchAPI, '该地区的证明由其本地服务出具，请向其查询。');
  }
  try {
    const reply = await fetch(`${source.origin.replace(/\/+$/, '')}${path}`, {
      signal: AbortSignal.timeout(options.remoteTimeoutMs ?? 30_000),
    });
    const headers: Record<string, string> = { ...(isVerify ? jsonHeaders : pageHeaders) };
    const type = reply.headers.get('content-type');
    if (type) headers['content-type'] = type;
    return new fetchAPI.Response(await reply.arrayBuffer(), { status: reply.status, headers });
  } catch {
    return jsonError(
      fetchAPI,
      502,
      'DISTRICT_UNAVAILABLE',
      `The gateway of district ${source.districtCode} did not answer.`,
    );
  }
}
