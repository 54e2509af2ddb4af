import { writeFileSync } from 'node:fs';
import {
  Agent,
  type ClientRequest,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { join } from 'node:path';
import { signHs256Token } from '../../src/index.js';

/**
 * What the process tests (single writer, shutdown, crash recovery) share: a token setup for
 * `sanshe serve` processes, a districts file, and raw HTTP requests whose timing the test
 * controls (a body sent in two halves, a request on a chosen keep-alive connection).
 */
export const processAuth = {
  secret: 'process-tests-user-secret-of-32-bytes!',
  issuer: 'https://auth.test',
  audience: 'sanshe',
};

/** The environment of a `sanshe serve` process verifying {@link processAuth} tokens. */
export const processEnv = {
  SANSHE_JWT_SECRET: processAuth.secret,
  SANSHE_JWT_ISSUER: processAuth.issuer,
  SANSHE_JWT_AUDIENCE: processAuth.audience,
};

export function cityAdminToken(): Promise<string> {
  return signHs256Token(processAuth, { sub: 'process-test', role: 'CITY_ADMIN' });
}

/** Write a districts file (`sanshe serve --districts`) into `dir`; returns its path. */
export function writeDistrictsFile(dir: string, name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it is not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
  body: any;
  /** Whether the whole body arrived (false when the connection was cut mid-answer). */
  complete: boolean;
  /** Whether the request went out on a kept-alive connection used before. */
  reusedSocket: boolean;
}

export interface HeldRequest {
  /** Send the rest of the body; the answer follows. */
  finish(): void;
  answer: Promise<Answer>;
}

/**
 * POST a GraphQL operation, sending the headers and the first half of the body now and the
 * rest on `finish()`: until then the request is in flight on the server, which has begun it
 * and waits for the rest.
 */
export function heldGraphqlRequest(
  origin: string,
  payload: { query: string; variables?: Record<string, unknown> },
  options: { token?: string; agent?: Agent | false } = {},
): HeldRequest {
  const bytes = Buffer.from(JSON.stringify(payload));
  const request = httpRequest(`${origin}/graphql`, {
    method: 'POST',
    agent: options.agent ?? false,
    headers: {
      'content-type': 'application/json',
      'content-length': bytes.length,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => readAnswer(request, response, resolve, reject));
  });
  const half = Math.floor(bytes.length / 2);
  request.write(bytes.subarray(0, half));
  return { finish: () => request.end(bytes.subarray(half)), answer };
}

/** POST a GraphQL operation in one go. */
export function graphqlRequest(
  origin: string,
  payload: { query: string; variables?: Record<string, unknown> },
  options: { token?: string; agent?: Agent | false } = {},
): Promise<Answer> {
  const held = heldGraphqlRequest(origin, payload, options);
  held.finish();
  return held.answer;
}

/** GET a path (e.g. `/ready`). */
export function getPath(origin: string, path: string, agent: Agent | false = false): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const request = httpRequest(`${origin}${path}`, { agent }, (response) =>
      readAnswer(request, response, resolve, reject),
    );
    request.once('error', reject);
    request.end();
  });
}

/** A keep-alive agent with one connection, so consecutive requests share it. */
export function oneKeptAliveConnection(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

export const createGridMutation = `mutation($input: CreateGridInput!) {
  createGrid(input: $input) {
    __typename
    ... on CreateGridSuccess { data { id code } }
    ... on Error { code message }
  }
}`;

export const createCommunityMutation = `mutation($input: CreateCommunityInput!) {
  createCommunity(input: $input) {
    __typename
    ... on CreateCommunitySuccess { data { id code } }
    ... on Error { code message }
  }
}`;

/** Collect a response whole: its status, headers, body (JSON when it parses) and whether it completed. */
function readAnswer(
  request: ClientRequest,
  response: IncomingMessage,
  resolve: (answer: Answer) => void,
  reject: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.once('error', reject);
  response.once('end', () => {
    const text = Buffer.concat(chunks).toString();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    resolve({
      status: response.statusCode ?? 0,
      headers: response.headers,
      body,
      complete: response.complete,
      reusedSocket: request.reusedSocket,
    });
  });
}
