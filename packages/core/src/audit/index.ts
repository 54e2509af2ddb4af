export type { AuditEntry, AuditQuery } from './audit-log.js';
export { appendAudit, auditSnapshot, readAuditLog } from './audit-log.js';
