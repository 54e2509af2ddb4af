import {
  administratorTokenSigning,
  describeIssuedToken,
  issueAdministratorToken,
} from './administrator-token.js';
import type { CliOptions } from './options.js';
import { CliRefusal, UsageError } from './usage-error.js';

/** `sanshe issue-token`: a district administrator's token on standard output, nothing opened. */
export async function issueTokenCommand(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const code = options.district;
  if (!code) throw new UsageError('issue-token needs --district <code>', 'sanshe issue-token --help');
  const subject = options.subject ?? `district-admin-${code}`;
  const signing = administratorTokenSigning(env, 'issue-token');
  if (signing.kind === 'elsewhere') {
    throw new CliRefusal(
      `sanshe cannot sign this gateway's tokens: ${signing.why}`,
      `claims: ${JSON.stringify({ iss: signing.verification.issuer, aud: signing.verification.audience, sub: subject, role: 'DISTRICT_ADMIN', district: code })}`,
    );
  }
  const issued = await issueAdministratorToken(signing, code, subject);
  for (const line of describeIssuedToken(issued)) console.error(line);
  process.stdout.write(`${issued.token}\n`);
}
