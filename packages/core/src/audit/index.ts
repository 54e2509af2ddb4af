export type { Actor } from './actor.js';
export { systemActor } from './actor.js';
export type { AuditEntry, AuditQuery } from './audit-log.js';
export { appendAudit, auditSnapshot, readAuditLog } from './audit-log.js';
