export type { RegisterFigures } from './counted-figures.js';
export type { IndicatorDefinition, IndicatorKey, IndicatorLevel } from './definitions.js';
export {
  gridIndicatorKeys,
  indicatorDefinitions,
  indicatorKeys,
  organizationAndWorkerIndicatorKeys,
  serviceChainIndicatorKeys,
  volunteerIndicatorKeys,
} from './definitions.js';
export type { FundsBySource, FundsOfSourceKind } from './funds-by-source.js';
export { fundsBySourceDefinitions } from './funds-by-source.js';
export type { GridFigures } from './grid-figures.js';
export type { IndicatorCounterCheck, IndicatorCounterFamily } from './indicator-counters.js';
export {
  indicatorCounterFamilies,
  rebuildIndicatorCounters,
  verifyIndicatorCounters,
} from './indicator-counters.js';
export type {
  ChildUnitIndicators,
  IndicatorInput,
  IndicatorService,
  IndicatorServiceOptions,
  IndicatorValue,
} from './indicator-service.js';
export { createIndicatorService } from './indicator-service.js';
export type { VolunteerFigures } from './volunteer-figures.js';
