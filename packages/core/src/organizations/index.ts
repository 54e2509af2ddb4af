export * from './code-lists.js';
export * from './credit-report.js';
export * from './credit-service.js';
export * from './evaluation-rules.js';
export * from './organization-filter.js';
export * from './organization-service.js';
export * from './public-view.js';
