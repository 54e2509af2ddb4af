import { importPKCS8, SignJWT } from 'jose';
import { createTokenVerifier, type TokenVerification } from '../auth/token-verifier.js';
import { tokenVerificationFromEnv } from './token-config.js';
import { UsageError } from './usage-error.js';

/** The gateway's default token lifetime limit (auth/token-verifier.ts), when none is configured. */
const defaultLifetimeSeconds = 86_400;

/** How the CLI can sign a token the gateway configured from the same environment accepts. */
export type AdministratorTokenSigning =
  | { kind: 'sign'; verification: TokenVerification; lifetimeSeconds: number; key: SigningKey }
  /** Tokens are signed elsewhere (the identity provider behind a JWKS, or a public key only). */
  | { kind: 'elsewhere'; verification: TokenVerification; why: string };

type SigningKey = { algorithm: 'HS256'; secret: Uint8Array } | { algorithm: 'RS256' | 'ES256'; pem: string };

export interface IssuedToken {
  token: string;
  claims: { sub: string; role: 'DISTRICT_ADMIN'; district: string };
  expiresAt: Date;
  lifetimeSeconds: number;
}

/**
 * Read the token settings before anything else is done: the same variables as `serve`, plus
 * SANSHE_JWT_PRIVATE_KEY for RS256/ES256. Without token verification configured there is
 * nothing a gateway would accept, and the command is refused.
 */
export function administratorTokenSigning(
  env: NodeJS.ProcessEnv,
  command: string,
): AdministratorTokenSigning {
  const verification = tokenVerificationFromEnv(env);
  if (!verification) {
    throw new UsageError(
      `${command} signs a token the gateway must accept: set SANSHE_JWT_SECRET (or SANSHE_JWT_PUBLIC_KEY, SANSHE_JWT_ALGORITHM and SANSHE_JWT_PRIVATE_KEY), SANSHE_JWT_ISSUER and SANSHE_JWT_AUDIENCE as for serve`,
      `sanshe ${command} --help`,
    );
  }
  const lifetimeSeconds = verification.maxLifetimeSec ?? defaultLifetimeSeconds;
  if ('secret' in verification) {
    return {
      kind: 'sign',
      verification,
      lifetimeSeconds,
      key: { algorithm: 'HS256', secret: new TextEncoder().encode(verification.secret) },
    };
  }
  if ('publicKeyPem' in verification) {
    const pem = env.SANSHE_JWT_PRIVATE_KEY;
    if (!pem) {
      return {
        kind: 'elsewhere',
        verification,
        why: `the gateway verifies ${verification.algorithm} tokens with SANSHE_JWT_PUBLIC_KEY; set SANSHE_JWT_PRIVATE_KEY (its PKCS #8 PEM private key) and run sanshe issue-token, or have the key's holder sign a token with these claims`,
      };
    }
    return { kind: 'sign', verification, lifetimeSeconds, key: { algorithm: verification.algorithm, pem } };
  }
  return {
    kind: 'elsewhere',
    verification,
    why: 'the gateway verifies tokens with the keys at SANSHE_JWKS_URL: have that identity provider issue a token with these claims',
  };
}

/**
 * Sign a DISTRICT_ADMIN token of `district` for `subject`, valid for the configured lifetime,
 * and check it with the verifier the gateway builds from the same settings: a private key that
 * does not match the public key, or any other disagreement, fails here rather than at the
 * first request.
 */
export async function issueAdministratorToken(
  signing: Extract<AdministratorTokenSigning, { kind: 'sign' }>,
  district: string,
  subject: string,
): Promise<IssuedToken> {
  const claims = { sub: subject, role: 'DISTRICT_ADMIN' as const, district };
  let key: Uint8Array | CryptoKey;
  try {
    key =
      signing.key.algorithm === 'HS256'
        ? signing.key.secret
        : await importPKCS8(signing.key.pem, signing.key.algorithm);
  } catch (error) {
    throw new UsageError(
      `SANSHE_JWT_PRIVATE_KEY is not a PKCS #8 PEM ${signing.key.algorithm} private key (${(error as Error).message})`,
    );
  }
  const issuedAt = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: signing.key.algorithm, typ: 'JWT' })
    .setIssuer(signing.verification.issuer)
    .setAudience(signing.verification.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + signing.lifetimeSeconds)
    .sign(key);
  try {
    await createTokenVerifier(signing.verification)(token);
  } catch (error) {
    throw new UsageError(
      `the token signed with these settings does not verify with them: ${(error as Error).message} (does SANSHE_JWT_PRIVATE_KEY match SANSHE_JWT_PUBLIC_KEY?)`,
    );
  }
  return {
    token,
    claims,
    expiresAt: new Date((issuedAt + signing.lifetimeSeconds) * 1000),
    lifetimeSeconds: signing.lifetimeSeconds,
  };
}

/** The lines telling an operator what a token is, printed beside (not with) the token itself. */
export function describeIssuedToken(issued: IssuedToken): string[] {
  return [
    `administrator: ${issued.claims.role} of district ${issued.claims.district}, subject "${issued.claims.sub}"`,
    `token valid until ${issued.expiresAt.toISOString()} (${issued.lifetimeSeconds} s); send it as "Authorization: Bearer <token>"`,
  ];
}
