export type { IndicatorDefinition, IndicatorKey, IndicatorLevel } from './definitions.js';
export { indicatorDefinitions, indicatorKeys } from './definitions.js';
export type {
  ChildUnitIndicators,
  IndicatorInput,
  IndicatorService,
  IndicatorServiceOptions,
  IndicatorValue,
} from './indicator-service.js';
export { createIndicatorService } from './indicator-service.js';
