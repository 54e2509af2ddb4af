export { parseCode } from './code-list.js';
export { addDays, addMonths, addYears, periodsOverlap } from './dates.js';
export type { ServiceKit, ServiceOptions } from './service-kit.js';
export { createServiceKit, isLocalId } from './service-kit.js';
