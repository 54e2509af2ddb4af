import { registrationKinds, socialWorkerLevels } from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

export const SocialWorkerLevelEnum = codeListEnum(
  'SocialWorkerLevel',
  'Certification level of a social worker (职业水平).',
  socialWorkerLevels,
);
export const RegistrationKindEnum = codeListEnum(
  'RegistrationKind',
  'First registration of a certificate or a renewal.',
  registrationKinds,
);
