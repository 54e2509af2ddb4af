// Grid management (docs/domain.md §7): code lists, the event loop, working days, boundaries and
// routing, summonses and assessment. Listed by name; the package index re-exports them.

export {
  createGridAssessmentService,
  type GridAssessmentService,
  MAX_ASSESSMENT_DAYS,
} from './assessment.js';
export {
  type AcrossDistrictsRule,
  type AssessmentAcrossDistricts,
  type AssessmentTotal,
  assessmentTotal,
  defaultAcrossDistrictsRule,
  parseAcrossDistrictsRule,
  type RankedAcrossDistricts,
  rankAcrossDistricts,
  sumAssessmentCounts,
  type UnitAcrossDistricts,
} from './assessment-across-districts.js';
export { parseQuarter, rankUnits, requireMayGiveMark } from './assessment-rules.js';
export type {
  AssessedRate,
  AssessedRateKey,
  AssessedUnit,
  AssessmentCounts,
  GridAssessment,
  GridAssessmentInput,
  MarkSummary,
  RecordAssessmentMarkInput,
} from './assessment-types.js';
export { assessedRateKeys } from './assessment-types.js';
export { calendarYearRange } from './calendar-input.js';
export {
  type CalendarDayEntry,
  type CalendarOfYear,
  type CalendarService,
  type CalendarYearDay,
  createCalendarService,
  type DeclareCalendarYearInput,
  type SetCalendarDayInput,
} from './calendar-service.js';
export type {
  AssessmentRater,
  AssessmentSubject,
  CalendarDayKind,
  DepartmentKind,
  DepartmentNoticeKind,
  EventCategoryCode,
  EventSource,
  EventUrgency,
  GridTeamRole,
  InspectionFrequency,
  PatrolResult,
  SummonsReason,
} from './code-lists.js';
export {
  assessmentRaters,
  assessmentSubjects,
  calendarDayKinds,
  departmentKinds,
  departmentNoticeKinds,
  eventCategories,
  eventSources,
  eventSubcategoryCodes,
  eventUrgencies,
  gridTeamRoles,
  inspectionFrequencies,
  patrolResults,
  summonsReasons,
} from './code-lists.js';
export {
  closeLimitOf,
  type EventDeadlines,
  eventDeadlines,
  extendedCloseDue,
  requireWorkingDay,
} from './event-deadlines.js';
export { MAX_ESCALATION_LEVEL } from './event-dispatching.js';
export { eventCondition, type ParsedEventFilter, parseEventFilter } from './event-filter.js';
export { type EventState, type EventStep, eventLifecycle, eventStates } from './event-lifecycle.js';
export { reporterPhoneColumns, reporterPhoneField } from './event-reporter-phone.js';
export { parseMediaUrl } from './event-reporting.js';
export { MAX_SATISFACTION, MIN_SATISFACTION } from './event-residents.js';
export { createGridEventService, type GridEventService } from './event-service.js';
export { appendEventStep, noticeDepartment } from './event-steps.js';
export type {
  CloseEventInput,
  DispatchEventInput,
  EventFilter,
  EventMoveInput,
  EventPageInput,
  ExtendEventInput,
  FeedBackEventInput,
  GridEventServiceOptions,
  RateEventInput,
  ReasonedMoveInput,
  RecategoriseEventInput,
  ReportEventInput,
  RerouteEventInput,
} from './event-types.js';
export {
  type BoundingBox,
  type GridGeometry,
  geometryContains,
  maxBoundaryPositions,
  parseGridGeometry,
  parsePosition,
} from './grid-geometry.js';
export { boundaryInForce, gridsAt, responsibleDepartment } from './grid-lookups.js';
export { type NationalCalendarYear, nationalCalendars } from './national-calendar.js';
export {
  escalateOverdueEvents,
  type OverdueEscalationOptions,
  type OverdueEscalationResult,
  overdueJobActor,
} from './overdue-escalation.js';
export { explicitSummonsDeadline, policySummonsDeadline, type SummonsDeadline } from './summons-deadline.js';
export { type ParsedSummonsFilter, parseSummonsFilter, summonsCondition } from './summons-filter.js';
export { type SummonsState, summonsLifecycle, summonsStates } from './summons-lifecycle.js';
export { createSummonsService, type SummonsService } from './summons-service.js';
export type {
  CloseSummonsInput,
  IssueSummonsInput,
  ReportInInput,
  SummonedDepartmentView,
  SummonsFilter,
  SummonsServiceOptions,
  SummonsView,
} from './summons-types.js';
export {
  type ConfidencePercent,
  normalQuantileOf,
  type WilsonInterval,
  wilsonInterval,
} from './wilson-interval.js';
export { loadWorkingCalendar } from './working-calendar-loader.js';
export { buildWorkingCalendar, type CalendarEntry, type WorkingCalendar } from './working-days.js';
