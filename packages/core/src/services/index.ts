export { parseCode } from './code-list.js';
export { addDays, addMonths, addYears, periodsOverlap, todayInChina } from './dates.js';
export type { ServiceKit, ServiceOptions } from './service-kit.js';
export { createServiceKit, isLocalId } from './service-kit.js';
export type { StateMachine, StateMachineDefinition, TransitionDefinition } from './state-machine.js';
export { defineStateMachine } from './state-machine.js';
