import { fail, ok, type ParseResult } from '../errors/result.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseUscc, type UsccInfo } from '../validators/uscc.js';
import { type LegalForm, legalForms, usccCategoryOfLegalForm } from './code-lists.js';

/**
 * The rules an organization's registration data obeys, as pure functions (no I/O): what the
 * use cases in registration.ts decide with. docs/domain.md §3.
 */

/**
 * The unified social credit code of a registered organization (登记, GB 32100-2015): required;
 * strict, except that a legacy code whose only fault is its check character is accepted with
 * an override reason (kept in the audit log); issued by civil affairs (authority 5) with the
 * category of the legal form (social association, social service agency, foundation).
 *
 * @throws {SansheError} USCC_REQUIRED, INVALID_USCC, USCC_MISMATCH, VALIDATION_FAILED (a reason
 * given for a valid code)
 */
export function registrationUscc(
  raw: unknown,
  overrideReason: string | null,
  legalForm: LegalForm,
): UsccInfo {
  const path: FieldPath = ['input', 'uscc'];
  const reasonPath: FieldPath = ['input', 'usccOverrideReason'];
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    throw new SansheError(
      'USCC_REQUIRED',
      'A registered organization (登记) needs its unified social credit code.',
      {
        path,
      },
    );
  }
  const strict = parseUscc(raw, { path });
  let uscc: UsccInfo;
  if (strict.success) {
    // A reason attached to a valid code would mark it as overridden in the record and the
    // audit log when nothing was; refusing tells the caller its data is not what it thinks.
    if (overrideReason !== null) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `${strict.data.code} is a valid code; an override reason is only for a legacy code with a wrong check character.`,
        { path: reasonPath },
      );
    }
    uscc = strict.data;
  } else {
    const lenient = parseUscc(raw, { path, allowBadCheckCharacter: true });
    if (!lenient.success) throw SansheError.fromIssue(lenient.error);
    if (overrideReason === null) {
      throw new SansheError(
        'INVALID_USCC',
        `${strict.error.message} A legacy code whose only fault is its check character is recorded with a usccOverrideReason.`,
        { path, details: { checkCharacterOnly: true } },
      );
    }
    uscc = lenient.data;
  }
  if (uscc.authority.code !== '5') {
    throw new SansheError(
      'USCC_MISMATCH',
      `${uscc.code} was issued by authority ${uscc.authority.code} (${uscc.authority.name}); social organizations are registered by civil affairs (5).`,
      { path },
    );
  }
  const expectedCategory = usccCategoryOfLegalForm[legalForm];
  if (uscc.categoryCode !== expectedCategory) {
    throw new SansheError(
      'USCC_MISMATCH',
      `Position 2 of ${uscc.code} is ${uscc.categoryCode}; a ${legalForm} (${legalForms[legalForm]}) has ${expectedCategory}.`,
      { path },
    );
  }
  return uscc;
}

/**
 * Where a filed community group (备案) is based: a group guided by a community stays based in
 * that community; one guided by a subdistrict is based in one of its communities, or nowhere.
 */
export function filedGroupBaseRule(
  guidingUnitCode: string,
  base: string | null,
  path: FieldPath,
): ParseResult<null> {
  if (guidingUnitCode.length === 12 && base !== guidingUnitCode) {
    return fail(
      'VALIDATION_FAILED',
      `A group guided by community ${guidingUnitCode} stays based in that community.`,
      path,
    );
  }
  if (guidingUnitCode.length === 9 && base !== null && base.slice(0, 9) !== guidingUnitCode) {
    return fail(
      'VALIDATION_FAILED',
      `Community ${base} does not lie in the guiding subdistrict ${guidingUnitCode}.`,
      path,
    );
  }
  return ok(null);
}
